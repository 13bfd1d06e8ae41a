; Windows installer for Inovasi Desk (NSIS 3, Modern UI 2).
; Per-user install without administrator rights, Start-menu and desktop shortcuts, in-place
; upgrades, and an uninstaller that keeps the officer's data unless they explicitly ask.
;
; Build (after PyInstaller has made dist\inovasi-desk):
;   makensis /DVERSION=0.1.0 /DDIST_DIR=dist\inovasi-desk /DOUTFILE=dist\InovasiDesk-0.1.0-setup.exe installer\inovasi-desk.nsi
; Silent install: setup.exe /S ; silent uninstall keeping data: uninstall.exe /S
; Silent uninstall deleting data too: uninstall.exe /S /DELETEDATA

Unicode true
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "Pass /DVERSION=x.y.z"
!endif
!ifndef DIST_DIR
  !error "Pass /DDIST_DIR=<PyInstaller one-folder bundle>"
!endif
!ifndef OUTFILE
  !define OUTFILE "InovasiDesk-${VERSION}-setup.exe"
!endif
!ifndef ICON
  !define ICON "${__FILEDIR__}\..\resources\icons\inovasi-desk.ico"
!endif

!define APPNAME "Inovasi Desk"
!define EXENAME "inovasi-desk.exe"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\InovasiDesk"
!define DATADIR "$LOCALAPPDATA\InovasiDesk"

Name "${APPNAME}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\InovasiDesk"
InstallDirRegKey HKCU "Software\InovasiDesk" "InstallDir"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "Pemasang ${APPNAME}"
VIAddVersionKey /LANG=0 "LegalCopyright" "Inovasi Desk"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"

!if /FileExists "${ICON}"
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXENAME}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "Indonesian"
!insertmacro MUI_LANGUAGE "English"

LangString MsgRunning ${LANG_INDONESIAN} "Inovasi Desk sedang berjalan. Tutup aplikasinya dulu, lalu klik Coba Lagi."
LangString MsgRunning ${LANG_ENGLISH} "Inovasi Desk is running. Close it first, then click Retry."
LangString MsgDeleteData ${LANG_INDONESIAN} "Hapus juga semua data Anda (draf inovasi dan bukti dukung di ${DATADIR})?$\r$\n$\r$\nPilih Tidak untuk menyimpannya. Data yang belum terkirim ke server akan hilang jika dihapus."
LangString MsgDeleteData ${LANG_ENGLISH} "Also delete all your data (innovation drafts and evidence in ${DATADIR})?$\r$\n$\r$\nChoose No to keep it. Data not yet sent to the server is lost if deleted."

Function .onInit
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function CheckNotRunning
  ; The bundle's executable is locked while it runs; renaming it fails if so.
  ${If} ${FileExists} "$INSTDIR\${EXENAME}"
    retry:
    ClearErrors
    Rename "$INSTDIR\${EXENAME}" "$INSTDIR\${EXENAME}.old"
    ${If} ${Errors}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(MsgRunning)" /SD IDCANCEL IDRETRY retry
      Abort
    ${EndIf}
    Rename "$INSTDIR\${EXENAME}.old" "$INSTDIR\${EXENAME}"
  ${EndIf}
FunctionEnd

Section "Inovasi Desk" SecMain
  SectionIn RO
  Call CheckNotRunning
  ; Upgrade in place: replace the program files; the data folder lives elsewhere and is untouched.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${DIST_DIR}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APPNAME}"
  CreateShortcut "$SMPROGRAMS\${APPNAME}\${APPNAME}.lnk" "$INSTDIR\${EXENAME}"
  CreateShortcut "$SMPROGRAMS\${APPNAME}\Uninstall ${APPNAME}.lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\${EXENAME}"

  WriteRegStr HKCU "Software\InovasiDesk" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "Inovasi Desk"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\${EXENAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" "$0"
SectionEnd

Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "Uninstall"
  Delete "$DESKTOP\${APPNAME}.lnk"
  RMDir /r "$SMPROGRAMS\${APPNAME}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXENAME}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKCU "Software\InovasiDesk"

  ; The officer's data stays unless they say otherwise (default No; silent keeps it unless
  ; /DELETEDATA is passed).
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/DELETEDATA" $R1
  ${IfNot} ${Errors}
    RMDir /r "${DATADIR}"
  ${Else}
    MessageBox MB_YESNO|MB_DEFBUTTON2|MB_ICONQUESTION "$(MsgDeleteData)" /SD IDNO IDNO keep
    RMDir /r "${DATADIR}"
    keep:
  ${EndIf}
SectionEnd
