"""Why the operating system refused to read or write a file, said in both languages.

An :class:`OSError` carries the C library's English words (``Permission denied``, ``No space
left on device``): a bureau's run in Chinese said them as they were. A problem made from one
carries ``reason`` (the system's own words) and, where the error number is a common one,
``reason_zh`` (its Chinese, which :func:`scoplan.i18n.problem_line` says in a Chinese run);
an error number not listed keeps the system's words in both languages.
"""

from __future__ import annotations

import errno

REASONS_ZH: dict[int, str] = {
    errno.EACCES: "没有访问权限",
    errno.EPERM: "不允许此操作（权限不足）",
    errno.ENOENT: "文件或文件夹不存在",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.EROFS: "所在磁盘只读",
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "超出磁盘配额",
    errno.EEXIST: "已经存在",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EMFILE: "打开的文件过多",
    errno.ENFILE: "系统打开的文件过多",
    errno.EIO: "磁盘读写出错",
    errno.EBUSY: "文件正被占用",
    errno.ETXTBSY: "文件正被占用",
    errno.EFBIG: "文件过大",
    errno.ELOOP: "符号链接循环或层数过多",
    errno.EINVAL: "文件名或参数无效",
    errno.EPIPE: "接收输出的管道已关闭",
    errno.ENOTEMPTY: "文件夹不为空",
    errno.EXDEV: "不能跨磁盘移动",
    errno.ENXIO: "设备不存在",
    errno.ENODEV: "设备不存在",
}
"""The Chinese of the error numbers a bureau's run meets, by number (the same on every
system; Windows' own errors are given these numbers by Python)."""


def os_reason(error: BaseException, *, key: str = "reason") -> dict[str, str]:
    """The params of a problem saying why ``error`` happened: ``{key: the system's words}``,
    and ``{key}_zh`` with their Chinese when its error number is a common one."""
    words = getattr(error, "strerror", None) or str(error) or type(error).__name__
    params = {key: words}
    number = getattr(error, "errno", None)
    if isinstance(number, int) and number in REASONS_ZH:
        params[f"{key}_zh"] = REASONS_ZH[number]
    return params
