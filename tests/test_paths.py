from fulian_desktop.paths import app_paths


def test_fulian_home_overrides_every_folder(fulian_home):
    paths = app_paths()
    for folder in (paths.data, paths.config, paths.cache, paths.logs):
        assert fulian_home in folder.parents


def test_ensure_makes_private_data_folder(fulian_home):
    import os
    import stat

    paths = app_paths().ensure()
    assert paths.data.is_dir() and paths.logs.is_dir()
    if os.name == "posix":
        assert stat.S_IMODE(paths.data.stat().st_mode) == 0o700


def test_ensure_makes_every_folder_private_and_never_raises(fulian_home, monkeypatch):
    import errno
    import os
    import stat

    from fulian_desktop.paths import app_paths

    paths = app_paths()
    paths.config.mkdir(parents=True)
    os.chmod(paths.config, 0o755)  # as an older version left it
    paths.ensure()
    for folder in (paths.data, paths.config, paths.cache, paths.logs):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder

    def refused(*args, **kwargs):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    os.chmod(paths.logs, 0o755)
    monkeypatch.setattr(os, "chmod", refused)
    assert paths.ensure() is paths  # a folder owned by someone else: left as is
