package ledger

import "errors"

// Sentinel errors. Parsers wrap them with the offending input for logs;
// callers compare with errors.Is and pick the user's sentence from locale.
var (
	ErrNameEmpty   = errors.New("client name is empty")
	ErrNameTooLong = errors.New("client name is too long")
	ErrNameInvalid = errors.New("client name has invalid characters")

	ErrAmountEmpty           = errors.New("amount is empty")
	ErrAmountSyntax          = errors.New("amount is not a number")
	ErrAmountTooManyDecimals = errors.New("amount has more decimals than the currency")
	ErrAmountNotPositive     = errors.New("amount is not positive")
	ErrAmountTooLarge        = errors.New("amount is too large")
	ErrUnitUnknown           = errors.New("unknown period or unit")
	ErrCurrencyExp           = errors.New("unsupported currency exponent")

	ErrDurationEmpty  = errors.New("duration is empty")
	ErrDurationSyntax = errors.New("duration is not understood")
	ErrDurationNoUnit = errors.New("duration has no unit")
	ErrDurationRange  = errors.New("duration is out of range")

	ErrDepartmentEmpty   = errors.New("department is empty")
	ErrDepartmentTooLong = errors.New("department is too long")
	ErrDepartmentInvalid = errors.New("department has invalid characters")

	ErrLinkInvalid = errors.New("link is not a URL")
	ErrLinkScheme  = errors.New("link is not http or https")
	ErrLinkNoHost  = errors.New("link has no host")
	ErrLinkTooLong = errors.New("link is too long")
)
