from django.contrib.auth.hashers import Argon2PasswordHasher


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """The same argon2 algorithm with small costs, so the suite does not spend minutes hashing test passwords."""

    time_cost = 1
    memory_cost = 256
    parallelism = 1
