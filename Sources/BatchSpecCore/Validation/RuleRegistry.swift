// The explicit list of every validation rule. A test fails when a rule file is missing here.

/// Every validation rule, in code order.
package enum RuleRegistry {
  /// The rules the validator runs.
  package static let all: [any ValidationRule] = [
    // BS3xxx quotas
    DedicatedCoreQuota(), SpotCoreQuota(), FamilyCoreQuota(), PoolQuota(), ActiveJobQuota(),
    UserSubscriptionCoreQuota(),
    // BS4xxx storage
    StorageRegionMismatch(), GeneralPurposeV1ParallelLoad(), UnreachableStorage(), InvalidStorageName(),
    InvalidIdentityReference(),
    // BS5xxx limits and consistency
    UnknownVMSize(), InvalidResourceID(), TaskSlotsOutOfRange(), RequiredSlotsExceedPool(), NodeCountsWithAutoscale(),
    ReleaseWithoutPrepare(), PriorityOutOfRange(), RetriesOutOfRange(), MaxParallelTasksOutOfRange(), DependencyCycle(),
    DependencyListTooLong(), DependenciesDisabled(), TooManyResourceFiles(), TooManyEnvironmentSettings(),
    MultiInstancePoolMismatch(), InterNodePoolTooLarge(), ReleaseTimeoutTooLong(), AutoscaleIntervalOutOfRange(),
    TooManyApplicationPackages(), CustomImagePoolTooLarge(), InvalidImageReference(), DisplayNameTooLong(),
    TaskOutlivesJob(), RetiredVMSize(), ResizeTimeoutTooShort(), TooManyNetworkRules(), MultiInstanceSlots(),
    InvalidApplicationVersion(), UserNameTooLong(), JobActionWithoutExitOptions(), DiskEncryptionSetAllocation(),
    ConfidentialDiskEncryption(), ScheduledJobTasks(), ContainerTaskOnPlainPool(), EmptyCommandLine(),
    ScheduleOutOfRange(), InvalidEnvironmentName(), InvalidFileMode(), BlobNameNotAPath(), UnusedPool(),
    UnknownRegion(), RetiredImage(), NodeAgentMismatch(), TooManyMounts(), ShellSyntaxWithoutShell(),
    ReleaseNeverRuns(), InvalidMountPath(), InvalidInboundNAT(), InvalidRulePriority(), AutoPoolPrefixTooLong(),
    ScheduleLifetimeOnJob(), ScheduledJobNeverEnds(), UIDWithoutGID(), DuplicateDataDiskLUN(), UnknownRunAsUser(),
    // BS6xxx security
    LiteralSecret(), OpenRemoteAccess(), InsecureURL(), PathEscapesTaskDirectory(),
    // BS7xxx autoscale formulas
    AutoscaleFormulaSyntax(), AutoscaleUnknownName(), AutoscaleInvalidCall(), AutoscaleReadOnlyAssignment(),
    AutoscaleNoTarget(), AutoscaleUnguardedSample(), AutoscaleDeprecatedName(),
  ]

  /// The rule with `codeOrName` (`BS3001` or `dedicated-core-quota-exceeded`).
  package static func rule(_ codeOrName: String) -> (any ValidationRule)? {
    all.first { $0.code.rawValue == codeOrName || $0.name == codeOrName }
  }

  /// Every rule's code.
  package static var codes: [DiagnosticCode] { all.map(\.code) }
}
