extension JobRunner {
    func openXML(_ job: ClaimedJob, source: InputSource, observer: ReadObserver, settings: InputSettings, mode: UInt32) throws -> OpenedDocument {
        throw DocumentFailure("format_not_available", "pending", errorCode: 415)
    }
}
