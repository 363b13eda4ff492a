"""The pre-marriage and parenting classes: the public catalogue and class page, and staff running a class and its sessions."""
