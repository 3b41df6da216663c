import Foundation
import IntakeKit

exit(IntakeCommand.main(Array(CommandLine.arguments.dropFirst())))
