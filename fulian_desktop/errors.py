"""Errors meant for the person at the keyboard.

A ``UserError`` carries a message that can be shown as it is (the command line
prints it as one line; the UI shows it in a dialog). Anything else that
escapes is a bug: it is logged with its traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix; ``str(error)`` is the whole message."""


def os_error_text(exc: OSError) -> str:
    """What an OSError means, in plain Chinese, by its errno (never the system's
    English text such as "No space left on device"); one table for every message."""
    import errno

    by_code = {
        errno.ENOSPC: "磁盘空间不足，请腾出空间后再试",
        getattr(errno, "EDQUOT", -1): "磁盘空间不足（超出了配额），请腾出空间后再试",
        errno.EROFS: "磁盘是只读的（例如写保护的 U 盘），请换一个位置",
        errno.EACCES: "没有权限（文件或文件夹是只读的，或被其他程序占用）",
        errno.EPERM: "没有权限（文件或文件夹是只读的，或被其他程序占用）",
        errno.EEXIST: "同名的文件已经存在",
        errno.ENOENT: "文件或文件夹不存在",
        errno.ENOTDIR: "路径中有一部分不是文件夹",
        errno.EISDIR: "这是一个文件夹，不是文件",
        errno.ENAMETOOLONG: "文件名或路径太长，请换一个短一些的名字",
        errno.EIO: "读写磁盘出错（磁盘或 U 盘可能有问题）",
        errno.EBUSY: "文件正被其他程序使用",
        errno.EMFILE: "打开的文件太多",
        errno.EINVAL: "文件名不被允许",
    }
    return by_code.get(exc.errno or 0, f"系统错误（代码 {exc.errno}）" if exc.errno else "系统错误")
