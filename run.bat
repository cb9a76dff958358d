@echo off
rem MigrateDB launcher for Windows: builds the application on first use, then runs it.
rem   run.bat <command> [--config FILE] [--set key=value ...]      run.bat --help lists the commands.
setlocal
set "HOME_DIR=%~dp0"
if "%HOME_DIR:~-1%"=="\" set "HOME_DIR=%HOME_DIR:~0,-1%"
set "JAR=%HOME_DIR%\target\migratedb.jar"
if not exist "%JAR%" (
  echo Building MigrateDB ^(first run^)... 1>&2
  pushd "%HOME_DIR%"
  call mvnw.cmd -q -B -DskipTests package 1>&2
  if errorlevel 1 ( popd & exit /b 2 )
  popd
)
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java"
rem Heap: batches are bounded, 1g is ample; the benchmark proves the copy fits in 256 MB (BENCHMARKS.md).
rem ParallelGC: a copy wants throughput, not short pauses. MIGRATEDB_JAVA_OPTS, when set, replaces both.
if /I "%~1"=="bench" if not defined MIGRATEDB_JAVA_OPTS set "MIGRATEDB_JAVA_OPTS=-Xmx256m -XX:+UseParallelGC"
if not defined MIGRATEDB_JAVA_OPTS set "MIGRATEDB_JAVA_OPTS=-Xmx1g -XX:+UseParallelGC"
rem Windows authentication (target.auth=windows, no Kerberos) needs the driver's native library
rem mssql-jdbc_auth-<version>.x64.dll: a copy in lib\ is put on the library path ('run.bat test' says if it is found).
set "NATIVE_LIB="
if exist "%HOME_DIR%\lib\mssql-jdbc_auth-*.dll" set NATIVE_LIB="-Djava.library.path=%HOME_DIR%\lib"
rem 'run.bat console' also opens the migration window in the default browser (./run.sh console prints its address).
set "OPEN_BROWSER="
if /I "%~1"=="console" set "OPEN_BROWSER=-Dmigratedb.console.open=true"
"%JAVA%" %MIGRATEDB_JAVA_OPTS% %NATIVE_LIB% %OPEN_BROWSER% -Duser.timezone=UTC "-Dmigratedb.home=%HOME_DIR%" "-Dlogback.configurationFile=%HOME_DIR%\conf\logback.xml" -cp "%JAR%;%HOME_DIR%\target\lib\*" migratedb.cli.MigrateDbCli %*
exit /b %ERRORLEVEL%
