"""The demo users and their roles and languages, shared by seed_demo and `make run`."""

from accounts.roles import Role

DEMO_PASSWORD_DEFAULT = "recruitcrm-demo"

# (email, full name, role, language)
DEMO_USERS = [
    ("admin@demo.test", "Alex Admin", Role.ADMINISTRATOR, "en"),
    ("recruiter@demo.test", "Rita Recruiter", Role.RECRUITER, "en"),
    ("recruiter2@demo.test", "李娜", Role.RECRUITER, "zh-hans"),
    ("coordinator@demo.test", "Colin Coordinator", Role.COORDINATOR, "en"),
    ("reviewer@demo.test", "王芳", Role.REVIEWER, "zh-hans"),
    ("interviewer@demo.test", "Ivan Interviewer", Role.INTERVIEWER, "en"),
    ("manager@demo.test", "张伟", Role.HIRING_MANAGER, "zh-hans"),
]
