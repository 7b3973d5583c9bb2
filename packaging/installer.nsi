; NSIS script: wraps the PyInstaller one-folder bundle into a per-user
; installer for 64-bit Windows 10 (1809, build 17763, or later) and Windows 11.
; No administrator rights, no internet.
;
; Built with the native Linux `makensis` (Debian's `nsis` package) or makensis.exe
; on Windows; see packaging/README.md. Defines passed by the build:
;   VERSION  program version, e.g. 0.1.0            (required)
;   BUNDLE   the one-folder bundle, e.g. dist/windows/fulian-desktop (required)
;   OUTFILE  the installer to write                  (required)
;
; The uninstaller removes the program only: the clerk's drafts, backups and
; settings live in %LOCALAPPDATA%\fulian\fulian-desktop and are never touched.

Unicode true
; A 64-bit installer: Qt 6 runs on 64-bit Windows only, and a 32-bit stub
; would write the association into the 32-bit registry view.
Target amd64-unicode
ManifestSupportedOS all
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "makensis -DVERSION=x.y.z -DBUNDLE=... -DOUTFILE=... installer.nsi"
!endif

!define APPNAME "绩效自评报告助手"
!define APPKEY "fulian-desktop"
!define APPEXE "fulian-desktop.exe"
!define PROGID "FulianDesktop.Draft"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPKEY}"
; Qt 6 needs Windows 10 1809 (build 17763): Qt6Core links the system icuuc.dll.
!define MINBUILD 17763

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "WinVer.nsh"
!include "x64.nsh"

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPKEY}"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APPNAME} 安装程序"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "fulian-desktop"

!define MUI_ICON "..\resources\fulian-desktop.ico"
!define MUI_UNICON "..\resources\fulian-desktop.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APPEXE}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

!macro REFUSE_OLD_WINDOWS
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
  ${OrIfNot} ${AtLeastBuild} ${MINBUILD}
    MessageBox MB_ICONSTOP|MB_OK "无法安装：${APPNAME}需要 64 位的 Windows 10（1809 版或更新）或 Windows 11。$\r$\n$\r$\n这台电脑的 Windows 版本太旧。请联系本单位的信息技术人员升级系统后再安装。" /SD IDOK
    SetErrorLevel 3
    Quit
  ${EndIf}
!macroend

Function .onInit
  !insertmacro REFUSE_OLD_WINDOWS
  SetShellVarContext current
  SetRegView 64
FunctionEnd

Section "!${APPNAME}" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; an older version's libraries must not linger beside the new ones
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\${APPEXE}" "" "$INSTDIR\${APPEXE}" 0

  ; .fldraft draft files open in the program (per user: HKCU\Software\Classes)
  WriteRegStr HKCU "Software\Classes\.fldraft" "" "${PROGID}"
  WriteRegStr HKCU "Software\Classes\${PROGID}" "" "绩效自评报告草稿"
  WriteRegStr HKCU "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\${APPEXE},0"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${APPEXE}" gui --open "%1"'

  ; Settings → Apps lists the program and its uninstaller
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "fulian-desktop"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\${APPEXE},0"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1

  ; tell Explorer the association changed (SHCNE_ASSOCCHANGED)
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Section /o "桌面快捷方式" SecDesktop
  CreateShortCut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\${APPEXE}" "" "$INSTDIR\${APPEXE}" 0
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecMain} "程序本身、开始菜单项和 .fldraft 草稿文件关联。"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "在桌面上放一个快捷方式。"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Function un.onInit
  SetShellVarContext current
  SetRegView 64
FunctionEnd

; Removes exactly what the installer put there. The clerk's data folder
; (%LOCALAPPDATA%\fulian\fulian-desktop) is left alone, and so is a `data`
; folder beside the program (portable use): RMDir without /r keeps the
; install folder when anything the clerk made is still in it.
Section "Uninstall"
  Delete "$INSTDIR\fulian-desktop.exe"
  Delete "$INSTDIR\fulian-desktop-cli.exe"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"

  ; the association, only when it is still ours
  ReadRegStr $0 HKCU "Software\Classes\.fldraft" ""
  ${If} $0 == "${PROGID}"
    DeleteRegKey HKCU "Software\Classes\.fldraft"
  ${EndIf}
  DeleteRegKey HKCU "Software\Classes\${PROGID}"
  DeleteRegKey HKCU "${UNINSTKEY}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd
