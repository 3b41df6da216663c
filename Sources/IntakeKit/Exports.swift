// The umbrella: importing IntakeKit imports every part of Intake.
@_exported import IntakeCore
@_exported import IntakeSystem
