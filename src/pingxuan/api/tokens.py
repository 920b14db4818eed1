"""API tokens that expire API_TOKEN_DAYS after they were issued (orgs.accounts issues and revokes them)."""

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        from pingxuan.orgs.accounts import token_expired

        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            raise exceptions.AuthenticationFailed("API 令牌已过期，请重新获取令牌。")
        return user, token
