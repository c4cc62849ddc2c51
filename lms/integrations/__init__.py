"""What lms tells other systems: webhooks for events (a completion, a certificate issued or about
to expire, a training request decided), signed and delivered with retries."""
