"""What many tests need and no product module provides: clocks that move when told,
waiting for a condition. One home, so a fix reaches every test (issue 15)."""
