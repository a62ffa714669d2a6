"""The shared building blocks every app may use; this package imports no app (decision 0020)."""
