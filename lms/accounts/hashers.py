from django.contrib.auth.hashers import PBKDF2PasswordHasher


class InitialPasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2 with fewer rounds, for passwords handed out in bulk.

    It is never the preferred hasher, so Django rehashes the password with the full
    PBKDF2 cost at the first successful login (and the user must change it anyway).
    """

    algorithm = "pbkdf2_initial"
    iterations = 20_000
