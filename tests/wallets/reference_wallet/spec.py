"""What the Open Badges 3.0 specification says, sentence by sentence, where the reference wallet checks the
other side (the platform under test). Each finding quotes the sentence it rests on, as the rendered
specification reads (1EdTech Open Badges 3.0, "Open Badges API" and "Open Badges API Security"; respec
markup such as [=client=] dropped), so that a disagreement can be settled by reading, not by arguing."""

from __future__ import annotations

OB = "https://purl.imsglobal.org/spec/ob/v3p0/scope/"
CREDENTIAL_READONLY = OB + "credential.readonly"
CREDENTIAL_UPSERT = OB + "credential.upsert"
PROFILE_READONLY = OB + "profile.readonly"
PROFILE_UPDATE = OB + "profile.update"
OFFLINE_ACCESS = "offline_access"
SCOPES = (CREDENTIAL_READONLY, CREDENTIAL_UPSERT, PROFILE_READONLY, PROFILE_UPDATE)

# Dynamic client registration (the registration request and response).
REGISTRATION_REQUIRED = ("All required properties MUST be present in the registration request in order for it to be "
                         "accepted by the authorization server.")
REGISTRATION_REQUIRED_FIELDS = ("client_name", "client_uri", "logo_uri", "tos_uri", "policy_uri", "software_id",
                                "software_version", "redirect_uris", "scope")
REGISTRATION_ARRAYS = "Arrays MUST be used even when a single value is to be sent."
REGISTRATION_URLS = ("All URLs MUST use HTTPS (e.g. https://1edtech.org/logo.png) and all URLs MUST have the same "
                     "hostname.")
LOGO = "logo_uri: The value of this field MUST point to a valid image file."
REGISTRATION_AUTH_METHOD = 'In this specification only "client_secret_basic" is allowed'
REGISTRATION_GRANT_TYPES = 'In this specification only "authorization_code" and refresh_token" are allowed'
REGISTRATION_RESPONSE_TYPES = 'In this specification only "code" is allowed'
REGISTRATION_CREATED = ("If the authorization server accepts the registration request, it will store the information "
                        "provided in the request and respond HTTP 201 Created with a registration response that "
                        "includes a set of client credentials for the client application to use when requesting "
                        "access tokens.")
REGISTRATION_ECHO = ("All the information provided by the client application MUST be returned to the client "
                     "application, including modifications to the properties as the authorization server deems "
                     "necessary.")
REGISTRATION_RESPONSE_FIELDS = ("The following table describes the properties present in the client registration "
                                "response that were not included in the request. These are all REQUIRED properties.")

# The Service Description Document.
SDD_UNPROTECTED = "Access to the discovery endpoint MUST NOT be protected."
SDD_OPENAPI = ("The structure and format of this payload MUST follow that of the OpenAPI 3.0 Specification "
               "[OPENAPIS-3.0].")
SDD_INFO = ("Also note that the standard title and termsOfService property is required in a Service Description "
            "Document.")
SDD_PRIVACY = ("The x-imssf-privacyPolicyUrl property is inserted into the securitySchemes within the components "
               "section of the OpenAPI file structure.")

# The authorisation request and response.
PKCE = "When using 1EdTech specifications, PKCE MUST be used to protect Authorization Code Grant based access."
S256 = 'This MUST have a value of "S256" to indicate the SHA256 code verifier transformation method is used.'
REDIRECT_URI = ("Although this is optional in the IMS Security Framework [SEC-11], it is REQUIRED by this "
                "specification.")
STATE = "This parameter MUST be used for preventing cross-site request forgery."
AUTHORIZATION_SCOPE_REQUIRED = ("Authorization Request, scope (Required): The scope of the authorization request.")
AUTHORIZATION_SCOPE = ("Authorization Request, scope (Required): The scope of the authorization request. The "
                       "authorization server is responsible for validating the scopes identified in the request and "
                       "the response MUST include a scope parameter which confirms this list or comprises a subset "
                       "of the services requested.")
AUTHORIZATION_RESPONSE = ("If the user authorizes the client application to access their resources with the "
                          "requested scopes, the authorization server MUST redirect the browser back to the "
                          "redirect_uri with the code, scope, and state query string parameters.")

# The token request and response.
TOKEN_BASIC = ("The HTTP POST request MUST include a Basic authorization header with the client_id and client_secret "
               "provided in the registration response.")
TOKEN_FIELDS = ("The body of the token request MUST include the following form fields: grant_type, code, "
                "redirect_uri, scope, code_verifier (each Required).")
REFRESH_FIELDS = ("Token Refresh Request: grant_type, refresh_token and scope (each Required); the scope, if omitted, "
                  "is treated as equal to the scope originally granted by the user.")
TOKEN_SCOPE = "Access Token Response, scope (Required): The scope of the access token."
TOKEN_TYPE = 'The case insensitive value MUST be "bearer".'
TOKEN_NO_STORE = ('RFC 6749 section 5.1: The authorization server MUST include the HTTP "Cache-Control" response '
                  'header field [RFC2616] with a value of "no-store" in any response containing tokens, credentials, '
                  "or other sensitive information")

# The API.
UPSERT_JSON = ("If the AchievementCredential is not signed with the VC-JWT Proof Format, the request body MUST be a "
               "AchievementCredential and the `Content-Type` MUST be `application/vc+ld+json` or `application/json`.")
UPSERT_JWS = ("If the AchievementCredential is signed with the VC-JWT Proof Format, the request body MUST be a "
              "CompactJws string and the `Content-Type` MUST be `text/plain`.")
TOTAL_COUNT = "The resource server MUST include an X-Total-Count response header if the total result count is known."
LINK_WHEN_INCOMPLETE = ("The resource server MUST include a Link response header if the list of credentials in the "
                        "response is incomplete; and MAY include the Link header if the response is complete.")
LINK_NEXT = "next: The link relation for the immediate next page of results. This MUST appear when the current list "\
            "response is incomplete."
LINK_FIRST_LAST = "last / first: The link relation for the last / first page of results. This MUST always appear."
LINK_PREV = "prev: The link relation for the immediate previous page of results. This MUST appear when the offset is "\
            "greater than zero."
CREDENTIALS_BODY = ("GetOpenBadgeCredentialsResponse: OpenBadgeCredentials that have not been signed with the VC-JWT "
                    "Proof Format MUST be in the `credential` array.")
PROFILE_BODY = "getProfile, Response 200: Body Profile 1 application/json: The matching profile."
BEARER_CHALLENGE = ('RFC 6750 section 3: If the protected resource request does not include authentication '
                    'credentials or does not contain an access token that enables access to the protected resource, '
                    'the resource server MUST include the HTTP "WWW-Authenticate" response header field')
ERROR_PAYLOAD = ("getCredentials, Response 401: Imsx_StatusInfo: As defined in [rfc9110], indicating that the request "
                 "has not been applied because it lacks valid authentication credentials for the target resource.")
