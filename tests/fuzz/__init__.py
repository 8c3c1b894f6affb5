"""Coverage-guided fuzzing of every codec and importer (issue 11).

``targets.py`` holds one ``one_input(data: bytes)`` function per target and the
registry; ``run.py`` runs one target under atheris in its own process and prints one
JSON line; ``test_fuzz_short.py`` runs every target briefly; ``bench/fuzz.py`` runs
1,000,000 inputs across them.
"""
