"""The figures an office reports: classes, certificates, counselling, requests, cases and referrals by period."""
