"""What the player tells the apps that hand packages out."""

from django.dispatch import Signal

# Sent (sender=Package, package=…) once a package is unpacked and its table of contents
# stored: the repository indexes the lecture's words (its package's and parts' titles).
package_ready = Signal()
