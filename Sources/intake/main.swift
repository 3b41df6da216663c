import Foundation
import IntakeCLI

exit(IntakeCommand.main(Array(CommandLine.arguments.dropFirst())))
