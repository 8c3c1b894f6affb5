"""A stdlib-only leaf every layer may import (ARCHITECTURE.md, "Where the next parts live")."""
