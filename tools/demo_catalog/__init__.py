"""Generator of the bundled Xi'an demo catalog (sample data, not an official list).

Run ``python -m tools.demo_catalog.build`` from the repository root to rewrite
``offline_cache/data/xian_demo_catalog.json``; ``--check`` only verifies that the
committed file is what the generator produces. Items are written as Python data,
one module per department group; shared materials come from ``materials.py`` so
that the same ``material_key`` always carries the same name and the "一件事一次办"
bundles can merge their material lists.
"""
