"""Authing business errors.

The v2 service reports failures as a business ``code`` (REST: ``body.code``; GraphQL:
``errors[].message.code``), not as HTTP statuses. Codes marked [UNK] in the wire reference were
chosen in ``docs/dev/contracts.md``; this table is the single place they are spelled.
"""


class Code:
    """Business codes used by the emulator (names say what they mean; numbers are Authing's)."""

    OK = 200
    INVALID_ARGUMENT = 400
    NOT_FOUND = 404
    INTERNAL = 500
    NO_PERMISSION = 1001
    INVALID_EMAIL = 2003
    USER_NOT_FOUND = 2004
    USER_BLOCKED = 2005
    APPLICATION_NOT_FOUND = 2011
    PASSWORD_DECRYPT_FAILED = 2016
    NOT_LOGGED_IN = 2020
    USER_EXISTS = 2026
    TOO_MANY_USERS_IN_BATCH = 2030
    DOMAIN_TAKEN = 2039
    GROUP_EXISTS = 2050
    GROUP_NOT_FOUND = 2051
    ROLE_EXISTS = 2060
    ROLE_NOT_FOUND = 2061
    RESOURCE_EXISTS = 2070
    RESOURCE_NOT_FOUND = 2071
    UDF_NOT_FOUND = 2080
    UDV_TYPE_MISMATCH = 2081
    POLICY_EXISTS = 2090
    POLICY_NOT_FOUND = 2091
    USERPOOL_NOT_FOUND = 2224
    MISSING_PARAMETERS = 2231
    ORG_NOT_FOUND = 2400
    NODE_NOT_FOUND = 2401
    NODE_EXISTS = 2402
    NODE_MOVE_INVALID = 2403
    ROOT_NODE_UNDELETABLE = 2404
    WRONG_PASSWORD = 2333


DEFAULT_MESSAGES = {
    Code.INVALID_ARGUMENT: "请求参数不合法",
    Code.NOT_FOUND: "资源不存在",
    Code.INTERNAL: "服务器内部错误",
    Code.NO_PERMISSION: "无权限执行此项操作",
    Code.INVALID_EMAIL: "邮箱格式不正确",
    Code.USER_NOT_FOUND: "用户不存在",
    Code.USER_BLOCKED: "用户已被锁定",
    Code.APPLICATION_NOT_FOUND: "应用不存在",
    Code.PASSWORD_DECRYPT_FAILED: "解密客户端密码出错",
    Code.NOT_LOGGED_IN: "尚未登录，无权限访问此请求",
    Code.USER_EXISTS: "用户已存在，请勿重复创建！",
    Code.TOO_MANY_USERS_IN_BATCH: "一次性查询的用户不能超过 80 人",
    Code.DOMAIN_TAKEN: "域名已被占用",
    Code.GROUP_EXISTS: "分组 code 已存在",
    Code.GROUP_NOT_FOUND: "分组不存在",
    Code.ROLE_EXISTS: "角色 code 已存在",
    Code.ROLE_NOT_FOUND: "角色不存在",
    Code.RESOURCE_EXISTS: "资源 code 已存在",
    Code.RESOURCE_NOT_FOUND: "资源不存在",
    Code.UDF_NOT_FOUND: "自定义字段不存在",
    Code.UDV_TYPE_MISMATCH: "自定义字段值类型不匹配",
    Code.POLICY_EXISTS: "策略 code 已存在",
    Code.POLICY_NOT_FOUND: "策略不存在",
    Code.USERPOOL_NOT_FOUND: "用户池不存在",
    Code.MISSING_PARAMETERS: "请求参数不全",
    Code.ORG_NOT_FOUND: "组织机构不存在",
    Code.NODE_NOT_FOUND: "部门不存在",
    Code.NODE_EXISTS: "部门 code 已存在",
    Code.NODE_MOVE_INVALID: "不能把部门移动到它自己或它的子部门下",
    Code.ROOT_NODE_UNDELETABLE: "不能删除根部门，请删除组织机构",
    Code.WRONG_PASSWORD: "账号或密码错误",
}


class AuthingError(Exception):
    """A business error; rendered as ``{"code": N, "message": "..."}`` in either API style."""

    def __init__(self, code, message=None):
        self.code = code
        self.message = message or DEFAULT_MESSAGES.get(code, "error")
        super().__init__("%s: %s" % (code, self.message))

    def as_dict(self):
        return {"code": self.code, "message": self.message}


def not_implemented(what):
    """The error for API surface the emulator knows about but does not serve (never fake data)."""
    return AuthingError(Code.INTERNAL, "not implemented by the emulator: %s" % what)
