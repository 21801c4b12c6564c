"""Password hashing: Argon2id at the parameters OWASP recommends.

Django's own Argon2 defaults (100 MiB, 2 passes, 8 lanes) cost about 0.16 s of CPU per sign-in on
a two-core server, so a few dozen people signing in at the start of a shift queue behind one
another. OWASP's Password Storage Cheat Sheet names 19 MiB of memory, 2 passes and 1 lane as the
minimum Argon2id configuration (the memory cost is what makes guessing on GPUs expensive); at
those parameters a sign-in costs about 25 ms. Hashes made with other parameters (Django's
defaults, PBKDF2) still verify and are re-hashed at these parameters on the next sign-in.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    """Argon2id, 19 MiB, 2 passes, 1 lane (OWASP). Same ``argon2$`` format as Django's hasher."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
