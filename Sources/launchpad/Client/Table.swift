/// Columns aligned for people, as kubectl prints them: a header in capitals, then one row per item,
/// each column as wide as its widest cell.
struct Table {
    let headers: [String]
    var rows: [[String]] = []

    init(_ headers: String...) {
        self.headers = headers
    }

    init(headers: [String], rows: [[String]]) {
        self.headers = headers
        self.rows = rows
    }

    mutating func add(_ cells: [String]) {
        rows.append(cells)
    }

    var rendered: String {
        let all = [headers] + rows
        var widths = [Int](repeating: 0, count: headers.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count + 3)
            }.joined()
        }.joined(separator: "\n")
    }

    /// One row: the `keys` of `object` under `headers`.
    static func row(_ headers: [String], _ keys: [String], of object: [String: Any]) -> String {
        Table(headers: headers, rows: [keys.map { cell(object[$0]) }]).rendered
    }

    /// Two columns, a name and its value, for one record.
    static func fields(_ pairs: [(String, String)]) -> String {
        var table = Table("FIELD", "VALUE")
        for (name, value) in pairs { table.add([name, value]) }
        return table.rendered
    }
}

/// A JSON value as a table cell: "-" when absent.
func cell(_ value: Any?) -> String {
    switch value {
    case nil: return "-"
    case let text as String: return text
    case let list as [Any]: return list.map { cell($0) }.joined(separator: ",")
    default: return String(describing: value!)
    }
}
