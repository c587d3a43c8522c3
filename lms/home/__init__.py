"""Home pages that gather several features for one person: dashboard, account, teaching."""
