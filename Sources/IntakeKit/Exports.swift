// The umbrella: importing IntakeKit imports every part of Intake.
@_exported import IntakeCore
@_exported import IntakeSystem
@_exported import IntakeMigrate
@_exported import IntakePostgres
@_exported import IntakeSQLite
@_exported import IntakeFormats
