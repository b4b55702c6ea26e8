"""What every use-case shares: the busy-retrying transaction runner and the audit trail."""
