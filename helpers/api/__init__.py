"""The daemon's HTTP API as a lesson: one raw request, the SDK's calls recorded, and what each call does."""
