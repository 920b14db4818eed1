"""Serializers of the REST API, one module per area. Field labels and help texts feed the OpenAPI document."""
