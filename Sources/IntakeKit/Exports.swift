// The umbrella: importing IntakeKit imports every part of Intake.
@_exported import IntakeCLI
@_exported import IntakeCore
@_exported import IntakeEngine
@_exported import IntakeFormats
@_exported import IntakeHTTP
@_exported import IntakeMigrate
@_exported import IntakePostgres
@_exported import IntakeSQLite
@_exported import IntakeSystem
