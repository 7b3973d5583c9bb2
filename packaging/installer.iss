; Inno Setup script: wraps the PyInstaller one-folder bundle into a per-user
; installer for Windows 10 (1809+) and 11, 64-bit. No administrator rights,
; no internet. Build it with packaging\build-windows.ps1 (see packaging/README.md).
;
; The uninstaller removes the program only: the clerk's drafts live in
; %LOCALAPPDATA%\fulian\fulian-desktop and are never touched.

#define AppName "绩效自评报告助手"
#define AppExe "fulian-desktop.exe"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6B1F3C52-9C7E-4E0B-A7C2-3F1D2E9B8A41}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=fulian-desktop
DefaultDirName={localappdata}\Programs\fulian-desktop
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
OutputDir=..\dist
OutputBaseFilename=fulian-desktop-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
DisableProgramGroupPage=yes
ChangesAssociations=yes
UninstallDisplayIcon={app}\{#AppExe}

[Languages]
; ChineseSimplified.isl is an official translation from Inno Setup 6.4 on.
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\dist\fulian-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; .fldraft draft files open with the application (per user, HKCU)
Root: HKCU; Subkey: "Software\Classes\.fldraft"; ValueType: string; ValueName: ""; ValueData: "FulianDesktop.Draft"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\FulianDesktop.Draft"; ValueType: string; ValueName: ""; ValueData: "绩效自评报告草稿"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\FulianDesktop.Draft\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKCU; Subkey: "Software\Classes\FulianDesktop.Draft\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" gui --open ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
