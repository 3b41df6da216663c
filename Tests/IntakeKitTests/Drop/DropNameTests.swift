import IntakeKit
import Testing

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
