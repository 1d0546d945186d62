"""Station roles (DOMAIN.md §1) and what each may do.

The services check these permissions on every use case; the UI only hides what a role
cannot use.
"""

from __future__ import annotations

from enum import Enum

from station_app.domain.messages import Message


class Role(str, Enum):
    TUTOR = "tutor"  # 电商辅导员
    SPECIALIST = "specialist"  # 金融专员
    BRANCH_OFFICER = "branch_officer"  # 支行客户经理
    ADMIN = "admin"  # 管理员

    @property
    def label(self) -> Message:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.TUTOR: Message("role.tutor", "电商辅导员", "E-commerce tutor"),
    Role.SPECIALIST: Message("role.specialist", "金融专员", "Finance specialist"),
    Role.BRANCH_OFFICER: Message("role.branch_officer", "支行客户经理", "Branch officer"),
    Role.ADMIN: Message("role.admin", "管理员", "Administrator"),
}


class Permission(str, Enum):
    FARMER_READ = "farmer.read"
    FARMER_WRITE = "farmer.write"
    FARMER_DELETE = "farmer.delete"
    FARMER_REVEAL_SENSITIVE = "farmer.reveal_sensitive"
    SALES_WRITE = "sales.write"
    SCORE_COMPUTE = "score.compute"
    APPLICATION_PREPARE = "application.prepare"
    APPLICATION_DECIDE = "application.decide"
    CONTRACT_PRINT = "contract.print"
    REPAYMENT_RECORD = "repayment.record"
    USER_MANAGE = "user.manage"
    STATION_ENROLL = "station.enroll"
    PRODUCT_MANAGE = "product.manage"
    BACKUP_MANAGE = "backup.manage"


_TUTOR = {
    Permission.FARMER_READ,
    Permission.FARMER_WRITE,
    Permission.SALES_WRITE,
}
_SPECIALIST = _TUTOR | {
    Permission.FARMER_DELETE,
    Permission.FARMER_REVEAL_SENSITIVE,
    Permission.SCORE_COMPUTE,
    Permission.APPLICATION_PREPARE,
}
_BRANCH = {
    Permission.FARMER_READ,
    Permission.FARMER_REVEAL_SENSITIVE,
    Permission.APPLICATION_DECIDE,
    Permission.CONTRACT_PRINT,
    Permission.REPAYMENT_RECORD,
}
_ADMIN = {
    Permission.FARMER_READ,
    Permission.USER_MANAGE,
    Permission.STATION_ENROLL,
    Permission.PRODUCT_MANAGE,
    Permission.BACKUP_MANAGE,
}

PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.TUTOR: frozenset(_TUTOR),
    Role.SPECIALIST: frozenset(_SPECIALIST),
    Role.BRANCH_OFFICER: frozenset(_BRANCH),
    Role.ADMIN: frozenset(_ADMIN),
}


def can(role: Role | str, permission: Permission) -> bool:
    return permission in PERMISSIONS[Role(role)]
