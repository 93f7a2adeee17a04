"""What the platform's own pages add to a response."""

from django.utils.cache import patch_cache_control


def private(response):
    """A page for one signed-in person: kept by no shared cache, nor stored by the browser."""
    patch_cache_control(response, private=True, no_store=True)
    return response
