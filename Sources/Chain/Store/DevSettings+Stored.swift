import Primitives

extension DevSettings {
    /// The settings as text fields for storage, one key per field (decimal integers, `0x` hex for
    /// wei amounts and addresses, "true"/"false"; an unset optional is left out). Add a line here
    /// for every new field, and read it back in `init(storedFields:)`.
    public func storedFields() -> [String: String] {
        var f: [String: String] = [:]
        f["automine"] = String(automine)
        if let v = blockTime { f["blockTime"] = String(v) }
        f["timeOffset"] = String(timeOffset)
        if let v = nextBlockTimestamp { f["nextBlockTimestamp"] = String(v) }
        if let v = blockTimestampInterval { f["blockTimestampInterval"] = String(v) }
        if let v = nextBlockBaseFeePerGas { f["nextBlockBaseFeePerGas"] = v.quantityHex }
        if let v = minGasPrice { f["minGasPrice"] = v.quantityHex }
        if let v = coinbase { f["coinbase"] = v.hex }
        if let v = blockGasLimit { f["blockGasLimit"] = String(v) }
        f["impersonated"] = impersonated.map(\.hex).sorted().joined(separator: ",")
        f["autoImpersonate"] = String(autoImpersonate)
        f["suggestedPriorityFee"] = suggestedPriorityFee.quantityHex
        if let v = safeBlockNumber { f["safeBlockNumber"] = String(v) }
        if let v = finalizedBlockNumber { f["finalizedBlockNumber"] = String(v) }
        return f
    }

    /// Settings read back from `storedFields()`. A missing or unreadable field keeps its default,
    /// so settings stored by an older devnet (with fewer fields) still load.
    public init(storedFields f: [String: String]) {
        self.init()
        if let v = f["automine"].flatMap(Bool.init) { automine = v }
        blockTime = f["blockTime"].flatMap { UInt64($0) }
        if let v = f["timeOffset"].flatMap({ Int64($0) }) { timeOffset = v }
        nextBlockTimestamp = f["nextBlockTimestamp"].flatMap { UInt64($0) }
        blockTimestampInterval = f["blockTimestampInterval"].flatMap { UInt64($0) }
        nextBlockBaseFeePerGas = f["nextBlockBaseFeePerGas"].flatMap { UInt256(hex: $0) }
        minGasPrice = f["minGasPrice"].flatMap { UInt256(hex: $0) }
        coinbase = f["coinbase"].flatMap { Address(hex: $0) }
        blockGasLimit = f["blockGasLimit"].flatMap { UInt64($0) }
        if let list = f["impersonated"] {
            impersonated = Set(list.split(separator: ",").compactMap { Address(hex: String($0)) })
        }
        if let v = f["autoImpersonate"].flatMap(Bool.init) { autoImpersonate = v }
        if let v = f["suggestedPriorityFee"].flatMap({ UInt256(hex: $0) }) { suggestedPriorityFee = v }
        safeBlockNumber = f["safeBlockNumber"].flatMap { UInt64($0) }
        finalizedBlockNumber = f["finalizedBlockNumber"].flatMap { UInt64($0) }
    }
}
