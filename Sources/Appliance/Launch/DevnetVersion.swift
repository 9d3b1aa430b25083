/// The product's name and version, shown by `devnet version`, the banner and the dashboard.
public enum DevnetVersion {
    /// Semantic version of this build.
    public static let number = "0.1.0"
    /// `"metis-devnet 0.1.0"`.
    public static let string = "metis-devnet \(number)"
}
