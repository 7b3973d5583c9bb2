# Build the Windows installer on a Windows 10/11 build PC (see packaging/README.md).
# Run from the repository root in PowerShell:  .\packaging\build-windows.ps1
$ErrorActionPreference = "Stop"
if (-not (Test-Path .venv)) { py -3.11 -m venv .venv }
.\.venv\Scripts\python -m pip install --upgrade pip
.\.venv\Scripts\python -m pip install -e ".[packaging]"
.\.venv\Scripts\python packaging\build.py --check
$version = (.\dist\fulian-desktop\fulian-desktop-cli.exe --version).Split(" ")[1]
$iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe"
if (-not (Test-Path $iscc)) { $iscc = "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe" }
& $iscc "/DAppVersion=$version" packaging\installer.iss
Write-Host "Installer: dist\fulian-desktop-setup-$version.exe"
