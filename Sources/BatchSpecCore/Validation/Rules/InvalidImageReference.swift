// BS5021: a pool image, custom image ID or node agent SKU that is not shaped as Azure expects.

/// Flags malformed `image`, `custom_image` and `node_agent` values of pools.
package struct InvalidImageReference: ValidationRule {
  package let code = DiagnosticCode(
    "BS5021", "invalid-image-reference", .error,
    "A pool `image`, `custom_image` or `node_agent` that is not shaped as Azure expects.")

  package let documentation = """
    ## What it does
    Checks that a marketplace `image` is `publisher/offer/sku` or `publisher/offer/sku/version` with
    no empty part, that a `custom_image` is the resource ID of a managed image or a Compute Gallery
    image (`/subscriptions/.../providers/Microsoft.Compute/images/...` or `.../galleries/...`), and
    warns when `node_agent` does not start with `batch.node.`, as every node agent SKU does.

    ## Why is this bad?
    Batch refuses the pool, or allocates nodes whose agent does not match the image and never become
    ready.

    ## Example
    ```
    pool p { image = "canonical:ubuntu:22_04-lts", node_agent = "ubuntu 22.04" }
    ```

    ## Use instead
    ```
    pool p { image = "canonical/0001-com-ubuntu-server-jammy/22_04-lts", node_agent = "batch.node.ubuntu 22.04" }
    ```

    ## Azure limit
    `virtualMachineConfiguration.imageReference`: `publisher`, `offer`, `sku` and optional `version`,
    or `virtualMachineImageId` (an ARM resource ID); `nodeAgentSKUId` names a Batch node agent SKU
    such as `batch.node.ubuntu 22.04` or `batch.node.windows amd64`.
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.pools {
      if let attribute = pool.written(\.image) {
        let image = attribute.value
        // Most images are plain ASCII `a/b/c`, decided on their bytes without splitting them.
        let parts = Self.isPlainImage(image) ? nil : image.split(separator: "/", omittingEmptySubsequences: false)
        if let parts, !(3...4).contains(parts.count) || parts.contains(where: \.isEmpty) {
          context.report(
            self, at: attribute.valueLocation,
            "`\(image)` is not a marketplace image: write `publisher/offer/sku` or `publisher/offer/sku/version`, such as `canonical/0001-com-ubuntu-server-jammy/22_04-lts`"
          )
        }
      }
      if let attribute = pool.written(\.customImage) {
        let id = attribute.value
        let lowered = id.lowercased()
        let isImage =
          lowered.hasPrefix("/subscriptions/")
          && (lowered.contains("/providers/microsoft.compute/images/")
            || lowered.contains("/providers/microsoft.compute/galleries/"))
        if !isImage {
          context.report(
            self, at: attribute.valueLocation,
            "`custom_image` takes the resource ID of a managed image or Compute Gallery image, such as `/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/galleries/<gallery>/images/<image>/versions/<version>`"
          )
        }
      }
      if let attribute = pool.written(\.nodeAgent), case let agent = attribute.value,
        !agent.lowercasedHasPrefix("batch.node.")
      {
        context.report(
          self, at: attribute.valueLocation,
          "`\(agent)` is not a node agent SKU: they look like `batch.node.ubuntu 22.04` or `batch.node.windows amd64`; pick the one listed for the image",
          severity: .warning)
      }
    }
  }

  /// Whether `image` is plainly `publisher/offer/sku[/version]`, decided on its bytes: ASCII (where
  /// every `/` is a character of its own), 2 or 3 slashes, and no part empty.
  private static func isPlainImage(_ image: String) -> Bool {
    var slashes = 0
    var partLength = 0
    for byte in image.utf8 {
      if byte >= 0x80 { return false }
      if byte == UInt8(ascii: "/") {
        if partLength == 0 { return false }
        slashes += 1
        partLength = 0
      } else {
        partLength += 1
      }
    }
    return partLength > 0 && (2...3).contains(slashes)
  }

}
