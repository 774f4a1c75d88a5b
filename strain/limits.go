package strain

// MaxCommentRunes is what one anonymous comment holds, in characters
// (strain_comments.body; storage's TestInputLimitsMatchSchema checks it).
const MaxCommentRunes = 500
