"""The rules, pure: which question next, how a firm is classified, what a message decides."""
