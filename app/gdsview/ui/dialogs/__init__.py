"""One dialog per operation; each validates its fields and returns a request, never calls the backend."""
