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
