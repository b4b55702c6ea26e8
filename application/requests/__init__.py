"""Answering natural-language requests: parse against the company's services and staff, then
answer with slots, a question, or a booking."""
