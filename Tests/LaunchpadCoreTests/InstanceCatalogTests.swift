import LaunchpadCore
import LaunchpadDomain
import Testing

/// The size presets and images instances are made of, and `--instance-type`'s syntax.
struct InstanceCatalogTests {
    @Test func aPresetIsNameEqualsCPUCommaMemory() {
        let parsed = InstanceCatalog.parseType("cx21=500m,512Mi")
        #expect(parsed?.name == "cx21" && parsed?.size == InstanceCatalog.Size(cpu: "500m", memory: "512Mi"))
        for bad in ["cx21", "=500m,512Mi", "cx21=500m", "cx21=lots,512Mi", "cx21=500m,big", "cx21=500m,512Mi,1"] {
            #expect(InstanceCatalog.parseType(bad) == nil, "\(bad)")
        }
    }

    @Test func theDefaultsAreHetznersNamesAndTheReferenceImage() throws {
        let catalog = InstanceCatalog()
        #expect(catalog.types.keys.sorted() == ["cx11", "cx21", "cx31", "cx41", "cx51"])
        #expect(try catalog.size(of: "cx31", field: "spec.type") == InstanceCatalog.Size(cpu: "1", memory: "1Gi"))
        #expect(try catalog.image("reference", field: "spec.image") == "reference")
    }

    @Test func anUnknownTypeOrImageIsInvalidNamingItAndTheKnownOnes() {
        let catalog = InstanceCatalog(images: ["reference", "elizaos"])
        let type = #expect(throws: DomainError.self) { try catalog.size(of: "cx99", field: "spec.type") }
        #expect(type?.code == .invalid && type?.field == "spec.type")
        #expect(type?.message == "unknown instance type 'cx99' (known: cx11, cx21, cx31, cx41, cx51)")
        let image = #expect(throws: DomainError.self) { try catalog.image("ubuntu-22.04", field: "image") }
        #expect(image?.message == "unknown image 'ubuntu-22.04' (registered: elizaos, reference)")
    }
}
