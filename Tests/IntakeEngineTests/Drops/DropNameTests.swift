import IntakeKit
import Testing
import IntakeTestSupport

@Suite struct DropNameTests {
    let configuration: Configuration = {
        var c = Configuration()
        c.workspaces["acme"] = .init(permissions: Set(ImportType.allPermissions))
        c.workspaces["globex_fr"] = .init(permissions: ["paid_payments_write"])
        return c
    }()

    @Test func bothNamingFormsRouteToTheirWorkspaceAndType() {
        #expect(DropName.route(["acme__payments__june.csv"], configuration: configuration)
            == .accepted(workspace: "acme", type: .payments, format: .csv))
        #expect(DropName.route(["acme", "payments", "june.CSV"], configuration: configuration)
            == .accepted(workspace: "acme", type: .payments, format: .csv))
        #expect(DropName.route(["acme__payments_history__a__b.xml"], configuration: configuration)
            == .accepted(workspace: "acme", type: .paymentsHistory, format: .xml))
        #expect(DropName.route(["acme", "beneficiaries", "x.ndjson"], configuration: configuration)
            == .accepted(workspace: "acme", type: .beneficiaries, format: .jsonLines))
    }

    @Test func refusalsSayWhyAndWhere() {
        func refusal(_ components: [String]) -> (String?, String)? {
            guard case .refused(let workspace, let reason) = DropName.route(components, configuration: configuration) else {
                return nil
            }
            return (workspace, reason.code)
        }
        #expect(refusal(["june.csv"])! == (nil, "misnamed"))
        #expect(refusal(["initech__payments__q.csv"])! == (nil, "unknown_workspace"))
        #expect(refusal(["acme__invoices__q.csv"])! == ("acme", "unknown_type"))
        #expect(refusal(["acme__payments__q.xls"])! == ("acme", "unsupported_format"))
        #expect(refusal(["acme__payments__q.xlsx"]) == nil, "a workbook is accepted")
        #expect(refusal(["acme", "beneficiaries", "q.xml"])! == ("acme", "unsupported_format"))
        #expect(refusal(["globex_fr", "payments", "q.csv"])! == ("globex_fr", "permission_denied"))
        #expect(refusal(["acme", "q.csv"])! == ("acme", "misnamed"))
        #expect(refusal(["nobody", "q.csv"])! == (nil, "misnamed"))
        #expect(refusal(["acme", "payments", "noextension"])! == ("acme", "unsupported_format"))
    }

    @Test func filesUpToThreeFoldersBelowATypeFolderRouteLikeTopLevelOnesAndDeeperOnesAreTooDeep() {
        #expect(DropName.route(["acme", "payments", "batch-7", "june.csv"], configuration: configuration)
            == .accepted(workspace: "acme", type: .payments, format: .csv))
        #expect(DropName.route(["acme", "payments", "a", "b", "c", "june.csv"], configuration: configuration)
            == .accepted(workspace: "acme", type: .payments, format: .csv))
        guard case .refused(let workspace, let reason) = DropName.route(["acme", "payments", "a", "b", "c", "d", "june.csv"],
                                                                        configuration: configuration) else {
            Issue.record("a file four folders deep was accepted")
            return
        }
        #expect(workspace == "acme")
        #expect(reason.code == "too_deep")
        #expect(reason.message.contains("\"a/b/c/d/june.csv\" is 4 folders below the type folder payments"), "\(reason.message)")
        guard case .refused(nil, let unknown) = DropName.route(["nobody", "payments", "a", "b", "c", "d", "x.csv"],
                                                               configuration: configuration) else {
            Issue.record("a deep file of an unknown workspace was routed to a workspace")
            return
        }
        #expect(unknown.code == "unknown_workspace")
    }

    @Test func storedNamesWriteANestedDropsSlashesAsDoubleUnderscores() {
        #expect(StoredName.original(job: "J", name: "batch-7/june.csv") == "J__batch-7__june.csv")
        #expect(ClaimedJob.workName(job: "J", type: .payments, name: "a/b/c/june.csv") == "J__payments__a__b__c__june.csv")
        let long = StoredName.original(job: "J", name: String(repeating: "f/", count: 200) + "june.csv")
        #expect(long.utf8.count <= StoredName.limit && !long.contains("/") && long.hasSuffix(".csv"), "\(long)")
    }

    @Test func uploadTempNamesAndMarkersAreIgnored() {
        for name in [".hidden.csv", "~lock.csv", "a.csv.part", "a.csv.PARTIAL", "a.filepart", "a.tmp", "a.writing", "a.csv.done"] {
            #expect(DropName.isIgnored(name), "\(name)")
        }
        #expect(!DropName.isIgnored("acme__payments__a.csv"))
    }

    @Test func workspaceIdsFollowTheSpecPattern() {
        for good in ["acme", "a1", "globex-fr", "globex_fr", "a-b_c-d", String(repeating: "a", count: 63)] {
            #expect(WorkspaceName.isValid(good), "\(good)")
        }
        for bad in ["a", "Acme", "a__b", "a_", "_a", "-a", "a-", "a.b", "a/b", "..", "", String(repeating: "a", count: 64), "é1"] {
            #expect(!WorkspaceName.isValid(bad), "\(bad)")
        }
    }
}
