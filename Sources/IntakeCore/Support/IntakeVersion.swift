/// The version of this build of Intake (`intake --version`, the `version`
/// key of `intake status` JSON). Raised with each release: MAJOR for a change
/// of the drop folders, outbox files, catalogue or `intake.json` that needs
/// an operator, MINOR for new features, PATCH for fixes.
public enum IntakeVersion {
    /// The version, `MAJOR.MINOR.PATCH`.
    public static let current = "0.9.0"
}
