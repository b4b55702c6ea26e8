"""Members and leads as the local copy of WODIFY keeps them: contact details, membership status
and its transitions, the lead pipeline."""
