//! Names chosen on purpose: the rule that names inline types, and the reviewed tables for what
//! the rule cannot decide.
//!
//! The rule. A component schema keeps its spec name (longer ones: [`COMPONENTS`]); an
//! operation's request struct is the PascalCase of its `operationId`. An inline schema is named
//! after where it sits: its parent type's name, then the property's (`Product` + `company` →
//! `ProductCompany`; array items in the singular), or after its `title` when that is free. A name
//! is at most [`MAX_LEN`] characters: a longer one drops the names of its outer types, outermost
//! first, since the module already says what they said. An operation's verb stays (in
//! `ad_groups`, `CreateAdGroupPlatformConfigMetaLeadFormConfig` is
//! `CreatePlatformConfigMetaLeadFormConfig`); otherwise at least the parent's name and the
//! member's do. A name another type already has drops one more. Nothing is numbered: a clash the
//! rule cannot settle, or settles badly, is decided in [`CLASHES`].
//!
//! Shared shapes. Inline schemas of the same shape share one definition (see `dedupe`); each
//! place keeps its name as an alias, and the definition is named in [`SHARED`], after what the
//! shape is. A test fails when the spec produces a group without a row, or a row matches none,
//! and when a name is longer than [`MAX_LEN`] or ends in a number.

/// The longest name a generated type may have.
pub(crate) const MAX_LEN: usize = 45;

/// Inline types the rule names badly or not at all, because the names it would give are taken:
/// (`Parent.Member`, the name chosen, why).
pub(crate) const CLASHES: &[(&str, &str, &str)] = &[
    (
        "Refund.Payment",
        "RefundedPayment",
        "a refund's `payment` is the payment it was issued against; `RefundPayment` is the operation that refunds one",
    ),
    (
        "Course.Chapter",
        "CourseOutlineChapter",
        "a course's `chapters` list each chapter with its lessons' thumbnails and videos; `CourseChapter` is what the course chapter operations return",
    ),
    (
        "UpdateCourse.Chapter",
        "CourseChapterUpdate",
        "the change to one chapter inside an `UpdateCourse`; `UpdateCourseChapter` is the operation that updates a chapter on its own",
    ),
    (
        "CheckoutConfiguration.PaymentMethodConfiguration",
        "CheckoutPaymentMethodConfiguration",
        "a checkout configuration's payment method settings; the rule's shorter names are taken by the other configurations' settings",
    ),
    (
        "CheckoutConfigurationListItem.PaymentMethodConfiguration",
        "CheckoutListItemPaymentMethodConfiguration",
        "a listed checkout configuration's payment method settings, named like the retrieved one's",
    ),
    (
        "CreateCheckoutConfigurationPaymentWithPlan.Plan",
        "CreateCheckoutPlan",
        "the `plan` of a checkout configuration that creates its plan; the rule's name repeats the variant's",
    ),
    (
        "CreateCheckoutConfigurationPaymentWithPlanId.PaymentMethodConfiguration",
        "CreateWithPlanIdPaymentMethodConfiguration",
        "the payment method settings of a checkout configuration for an existing plan",
    ),
    (
        "CreateInvoiceWithProductPlan.PaymentMethodConfiguration",
        "NewProductPlanPaymentMethodConfiguration",
        "the payment method settings of the plan an invoice creates with a new product",
    ),
    (
        "CreateInvoiceWithProductIdPlan.PaymentMethodConfiguration",
        "ExistingProductPlanPaymentMethodConfiguration",
        "the payment method settings of the plan an invoice creates for an existing product",
    ),
    (
        "PaymentMethodUsBankAccountPaymentMethod.UsBankAccount",
        "AdCampaignUsBankAccount",
        "the bank account of an ad campaign's US bank account payment method",
    ),
    (
        "CreateCheckoutConfigurationPaymentWithPlan.PaymentMethodConfiguration",
        "CreateWithPlanPaymentMethodConfiguration",
        "the payment method settings of a checkout configuration that creates its plan, named like the one for an existing plan",
    ),
];

/// Component schemas whose spec name is longer than [`MAX_LEN`]: each extends the name of the
/// component it belongs to, and keeps that name's first word (`TiktokAdGroupPlatformConfig` +
/// `ClickAttributionWindow` → `TiktokClickAttributionWindow`). (spec name, name chosen)
pub(crate) const COMPONENTS: &[(&str, &str)] = &[
    (
        "MetaAdGroupPlatformConfigLeadConversionLocation",
        "MetaLeadConversionLocation",
    ),
    (
        "TiktokAdGroupPlatformConfigDeepFunnelOptimizationStatus",
        "TiktokDeepFunnelOptimizationStatus",
    ),
    (
        "TiktokAdGroupPlatformConfigClickAttributionWindow",
        "TiktokClickAttributionWindow",
    ),
    (
        "TiktokAdGroupPlatformConfigViewAttributionWindow",
        "TiktokViewAttributionWindow",
    ),
    (
        "TiktokAdGroupPlatformConfigEngagedViewAttributionWindow",
        "TiktokEngagedViewAttributionWindow",
    ),
    (
        "TiktokAdGroupPlatformConfigAttributionEventCount",
        "TiktokAttributionEventCount",
    ),
    (
        "TiktokAdGroupPlatformConfigShoppingAdsRetargetingType",
        "TiktokShoppingAdsRetargetingType",
    ),
];

/// The definitions that inline types of one shape share: (the name of one of the types, the
/// name of the definition, what the shape is). Rows with one name merge groups that differ only
/// in the wording of their docs or the order of their members.
pub(crate) const SHARED: &[(&str, &str, &str)] = &[
    (
        "CreateAdGroupPlatformConfigTiktokAction",
        "TiktokActionInput",
        "A TikTok behavioral targeting entry of an ad group, as sent when creating or updating one.",
    ),
    (
        "CreatePlatformConfigMetaTargetingAutomation",
        "MetaTargetingAutomationInput",
        "Meta Advantage+ audience expansion settings of an ad group, as sent when creating or updating one.",
    ),
    (
        "CreateAdGroupConfigTargeting",
        "AdGroupTargetingInput",
        "The audience targeting of an ad group, as sent when creating or updating one.",
    ),
    (
        "CreatePaymentWithPlanCheckoutStyling",
        "CheckoutStylingInput",
        "Checkout styling overrides, as sent with a plan or a checkout configuration.",
    ),
    (
        "CreateAdGroupPlatformConfigMetaLeadFormConfig",
        "MetaLeadFormInput",
        "A Meta lead form of an ad group, as sent when creating or updating one.",
    ),
    (
        "CreateAdGroupConfig",
        "AdGroupConfigInput",
        "The platform-agnostic configuration of an ad group, as sent when creating or updating one.",
    ),
    (
        "CreateInvoiceWithProductIdPlan",
        "InvoicePlanInput",
        "The plan an invoice charges for, as sent when creating or updating the invoice.",
    ),
    (
        "CreateMetaLeadFormConfigThankYouPage",
        "MetaThankYouPageInput",
        "A thank-you page of a Meta lead form, as sent when creating or updating an ad group.",
    ),
    (
        "CreateAdGroupPlatformConfigTiktok",
        "TiktokAdGroupConfigInput",
        "The TikTok settings of an ad group, as sent when creating or updating one.",
    ),
    (
        "CreatePlatformConfigTiktokInstantFormConfig",
        "TiktokInstantFormInput",
        "A TikTok instant form of an ad group, as sent when creating or updating one.",
    ),
    (
        "CreateAdGroupPlatformConfigMetaGeoLocations",
        "MetaGeoLocationsInput",
        "Meta geo targeting (countries, regions, cities, zips), included or excluded, as sent with an ad group.",
    ),
    (
        "CreateInvoiceWithProductBillingAddress",
        "InvoiceBillingAddressInput",
        "The billing address of an invoice, as sent when creating or updating one.",
    ),
    (
        "CreateCheckoutPlanProduct",
        "NewProductInput",
        "A product created along with the plan of a payment or a checkout configuration.",
    ),
    (
        "CreateMetaLeadFormConfigQuestion",
        "MetaLeadFormQuestionInput",
        "A question of a Meta lead form, as sent with an ad group.",
    ),
    (
        "CreateAdGroupPlatformConfigMetaGeoCity",
        "MetaGeoEntryInput",
        "A Meta geo target (a region, city or zip), included or excluded, as sent with an ad group.",
    ),
    (
        "CreateAdGroupPlatformConfigMetaPromotedObject",
        "MetaPromotedObjectInput",
        "What a Meta ad set promotes (pixel, page, ...), as sent with an ad group.",
    ),
    (
        "CreateCheckoutPlanPaymentMethodConfiguration",
        "PaymentMethodConfigurationInput",
        "Which payment methods a plan or a checkout accepts, as sent.",
    ),
    (
        "CreatePlatformConfigMetaAttributionSpec",
        "MetaAttributionSpecInput",
        "A Meta conversion attribution window, as sent with an ad group.",
    ),
    (
        "CreateCheckoutPlanCustomField",
        "CustomFieldInput",
        "A custom field to collect at checkout, as sent with a plan.",
    ),
    (
        "CreateTiktokInstantFormConfigQuestion",
        "TiktokInstantFormQuestionInput",
        "A question of a TikTok instant form, as sent with an ad group.",
    ),
    (
        "CreateForumPostPollOption",
        "PollOptionInput",
        "An option of a poll, as sent with a message or a forum post.",
    ),
    (
        "CreateAppBuildAttachment",
        "FileInputWithId",
        "A file uploaded beforehand, given by its id: the spec's own name for it.",
    ),
    (
        "CreateQuestionDependentConditionalQuestion",
        "MetaDependentQuestionInput",
        "A question of a Meta lead form that depends on an answer, as sent with an ad group.",
    ),
    (
        "CreateLeadFormConfigCustomDisclaimerCheckbox",
        "MetaDisclaimerCheckboxInput",
        "A consent checkbox of a Meta lead form's disclaimer, as sent with an ad group.",
    ),
    (
        "CreateDependentConditionalQuestionOption",
        "MetaQuestionOptionInput",
        "An answer option of a Meta lead form question, as sent with an ad group.",
    ),
    (
        "CreateInvoiceWithProductIdLineItem",
        "InvoiceLineItemInput",
        "A line item of an invoice, as sent when creating or updating one.",
    ),
    (
        "CreateAdGroupPlatformConfig",
        "AdGroupPlatformConfigInput",
        "The platform-specific configuration of an ad group, as sent when creating or updating one.",
    ),
    (
        "CreateAdCampaignConfig",
        "AdCampaignConfigInput",
        "The configuration of an ad campaign, as sent when creating or updating one.",
    ),
    (
        "CreateForumPostPoll",
        "PollInput",
        "A poll, as sent with a message or a forum post.",
    ),
    (
        "CreateAdGroupPlatformConfigMeta",
        "MetaAdGroupConfigInput",
        "The Meta settings of an ad group, as sent when creating or updating one.",
    ),
    (
        "CreateDependentConditionalQuestionOptionLogic",
        "MetaQuestionOptionLogicInput",
        "Where an answer option of a Meta lead form leads, as sent with an ad group.",
    ),
    (
        "IdealPaymentMethodIdeal",
        "IdealDetails",
        "The iDEAL details of a saved payment method: bank and BIC.",
    ),
    (
        "PaymentMethodSepaDebitPaymentMethodSepaDebit",
        "SepaDebitDetails",
        "The SEPA Direct Debit details of a saved payment method.",
    ),
    (
        "AdCampaignUsBankAccount",
        "UsBankAccountDetails",
        "The US bank account details of a saved payment method.",
    ),
    (
        "AdGroupConfig",
        "AdGroupConfig",
        "The platform-agnostic configuration of an ad group.",
    ),
    (
        "AdCampaignPaymentMethodCardPaymentMethodCard",
        "CardDetails",
        "The card details of a saved payment method: brand, last four digits, expiry.",
    ),
    (
        "CashappPaymentMethodCashapp",
        "CashappDetails",
        "The Cash App details of a saved payment method.",
    ),
    (
        "MetricStatsResponse",
        "StatsResult",
        "The result of a metric or SQL stats query.",
    ),
    (
        "AdGroupConfigTargeting",
        "AdGroupTargeting",
        "The audience targeting of an ad group.",
    ),
    (
        "PayoutMethodDestination",
        "PayoutDestination",
        "Where a payout method pays out to.",
    ),
    (
        "PayoutAccountBusinessRepresentative",
        "PayoutAccountBusinessRepresentative",
        "The business representative of a payout account.",
    ),
    (
        "MessageListItemReactionCount",
        "ReactionCount",
        "How many times an emoji was used as a reaction.",
    ),
    (
        "CheckoutListItemPaymentMethodConfiguration",
        "PaymentMethodConfiguration",
        "Which payment methods are enabled or disabled, and whether the platform defaults apply.",
    ),
    (
        "MetricStatsResponseDebug",
        "StatsQueryDebug",
        "Debug information of a stats query: engine, request id and SQL.",
    ),
    (
        "AdCampaignPaymentMethodCardPaymentMethod",
        "CardPaymentMethod",
        "A saved card payment method: the spec's own name for it.",
    ),
    (
        "AdCampaignPaymentMethodCashappPaymentMethod",
        "CashappPaymentMethod",
        "A saved Cash App payment method: the spec's own name for it.",
    ),
    (
        "AdCampaignPaymentMethodIdealPaymentMethod",
        "IdealPaymentMethod",
        "A saved iDEAL payment method: the spec's own name for it.",
    ),
    (
        "AdCampaignPaymentMethodSepaDebitPaymentMethod",
        "SepaDebitPaymentMethod",
        "A saved SEPA Direct Debit payment method: the spec's own name for it.",
    ),
    (
        "PaymentMethodUsBankAccountPaymentMethod",
        "UsBankAccountPaymentMethod",
        "A saved US bank account payment method: the spec's own name for it.",
    ),
    (
        "AdCampaignPaymentMethodBasePaymentMethod",
        "BasePaymentMethod",
        "A saved payment method with no type-specific details: the spec's own name for it.",
    ),
    (
        "CourseListItemThumbnail",
        "CourseThumbnail",
        "The thumbnail image of a course.",
    ),
    (
        "CourseLessonAssessmentQuestionImage",
        "Attachment",
        "An uploaded file: its id, name, content type and URLs.",
    ),
    (
        "CreateOverrideAffiliateResponse",
        "AffiliateOverride",
        "A commission override of an affiliate.",
    ),
    (
        "ExperienceApp",
        "ExperienceApp",
        "The app that powers an experience.",
    ),
    (
        "PaymentApplicationFee",
        "ApplicationFee",
        "The application fee charged on a payment.",
    ),
    (
        "CourseLessonInteractionLessonChapter",
        "ChapterRef",
        "A course chapter, by its id.",
    ),
    (
        "SetupIntentCheckoutConfiguration",
        "CheckoutConfigurationRef",
        "A checkout configuration, by its id.",
    ),
    (
        "MemberListItemUser",
        "UserWithEmail",
        "A user: id, name, username and email.",
    ),
    (
        "CompanyTokenTransactionListItemMember",
        "MemberRef",
        "A company member, by its id.",
    ),
    (
        "DisputeAlertPaymentMember",
        "PaymentMember",
        "The member a payment belongs to: id and phone.",
    ),
    (
        "SetupIntentListItemMember",
        "SetupIntentMember",
        "The company member of a setup intent.",
    ),
    ("PayoutMethodCompany", "CompanyRef", "A company, by its id."),
    (
        "LedgerAccountOwnerCompany",
        "CompanyWithRoute",
        "A company: id, title and the route of its store page.",
    ),
    ("AppCompany", "CompanySummary", "A company: id and title."),
    (
        "ExperienceCompany",
        "CompanyWithRoute",
        "A company: id, title and the route of its store page.",
    ),
    (
        "AffiliateCompany",
        "CompanySummary",
        "A company: id and title.",
    ),
    (
        "CompanyTokenTransactionCompany",
        "CompanyWithRoute",
        "A company: id, title and the route of its store page.",
    ),
    (
        "CourseLessonInteractionCourse",
        "CourseSummary",
        "A course: id, title and its experience.",
    ),
    (
        "EntryCustomFieldResponse",
        "CustomFieldResponse",
        "An answer to a custom field at checkout.",
    ),
    (
        "CourseLessonInteractionCourseExperience",
        "ExperienceRef",
        "An experience, by its id.",
    ),
    (
        "ChatChannelExperience",
        "ExperienceSummary",
        "An experience: id and name.",
    ),
    ("PlanInvoice", "InvoiceRef", "An invoice, by its id."),
    (
        "CourseLessonInteractionLesson",
        "LessonSummary",
        "A course lesson: id, title and its chapter.",
    ),
    (
        "MembershipListItemMember",
        "MemberRef",
        "A company member, by its id.",
    ),
    (
        "DisputeAlertPaymentMembership",
        "PaymentMembership",
        "The membership a payment belongs to: id and status.",
    ),
    (
        "PaymentListItemPaymentMethod",
        "UsedPaymentMethod",
        "The saved payment method a payment used.",
    ),
    (
        "SetupIntentListItemPaymentMethod",
        "SetupIntentPaymentMethod",
        "The saved payment method a setup intent created.",
    ),
    (
        "DisputeAlertListItemPayment",
        "PaymentRef",
        "A payment, by its id.",
    ),
    (
        "DisputeAlertPayment",
        "DisputedPayment",
        "The payment a dispute or a dispute alert is about.",
    ),
    ("DisputeListItemPlan", "PlanRef", "A plan, by its id."),
    (
        "InvoiceCurrentPlan",
        "InvoiceCurrentPlan",
        "The plan an invoice charges for: id, price and currency.",
    ),
    (
        "PaymentListItemPlan",
        "PaymentPlan",
        "The plan of a payment: id and internal notes.",
    ),
    (
        "CheckoutConfigurationListItemPlan",
        "CheckoutConfigurationPlan",
        "The plan of a checkout configuration.",
    ),
    (
        "MessageListItemPollOption",
        "PollOption",
        "An option of a poll.",
    ),
    (
        "DisputeListItemProduct",
        "ProductSummary",
        "A product: id and title.",
    ),
    (
        "AdCampaignListItemProduct",
        "ProductWithRoute",
        "A product: id, title and the route of its page.",
    ),
    (
        "MembershipListItemPromoCode",
        "PromoCodeRef",
        "A promo code, by its id.",
    ),
    (
        "PaymentListItemPromoCode",
        "PaymentPromoCode",
        "The promo code used for a payment.",
    ),
    ("AiChatListItemUser", "UserRef", "A user, by its id."),
    (
        "LeadListItemUser",
        "UserWithEmail",
        "A user: id, name, username and email.",
    ),
    (
        "AffiliateListItemUser",
        "AffiliateUser",
        "The user of an affiliate: id, and name and username when known.",
    ),
    (
        "AdCampaignCreatedByUser",
        "UserSummary",
        "A user: id, name and username.",
    ),
    (
        "AuthorizedUserListItemUser",
        "UserWithEmail",
        "A user: id, name, username and email.",
    ),
    (
        "ForumPostListItemUser",
        "UserSummary",
        "A user: id, name and username.",
    ),
    (
        "MembershipListItemUser",
        "UserWithEmail",
        "A user: id, name, username and email.",
    ),
    (
        "LedgerAccountPayoutAccountDetailsAddress",
        "PayoutAccountAddress",
        "The address of a payout account.",
    ),
    (
        "DescribeNodeAssociation",
        "StatsAssociation",
        "An association or child path of a stats node, available for navigation.",
    ),
    (
        "DescribeNodeMetric",
        "StatsMetric",
        "A metric available for querying.",
    ),
    (
        "PaymentBillingAddress",
        "PostalAddress",
        "A postal address with the name it is addressed to.",
    ),
    (
        "MetricStatsResponsePagination",
        "StatsPagination",
        "Where the next page of a stats query starts.",
    ),
    (
        "MessageListItemPollVote",
        "PollVoteCount",
        "How many votes an option of a poll has.",
    ),
    (
        "MessageListItemPoll",
        "Poll",
        "A poll attached to a message.",
    ),
    (
        "DescribeMetricDebug",
        "StatsDebug",
        "Debug information of a stats description: its request id.",
    ),
    ("AppIcon", "Image", "An image, by its URL."),
    (
        "AdGroupListItemPlatformConfig",
        "AdGroupPlatformConfig",
        "The platform-specific configuration of an ad group, Meta or TikTok.",
    ),
    (
        "AdListItemPlatformConfig",
        "AdPlatformConfig",
        "The platform-specific configuration of an ad, Meta or TikTok.",
    ),
    (
        "LedgerAccountOwner",
        "UserOrCompany",
        "A user or a company: who owns a ledger account, or sends or receives a transfer.",
    ),
];
