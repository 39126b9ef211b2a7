//! The API's description, OpenAPI 3.1, written by hand so it says what the
//! API promises rather than what a generator guessed. A unit test below
//! checks it parses and describes every route `api::router` serves.

use axum::http::header;
use axum::response::IntoResponse;

pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}

/// The stable error codes, in the order the document lists them.
#[cfg(test)]
const ERROR_CODES: &[&str] = &[
    "not_signed_in",
    "forbidden",
    "not_found",
    "csrf_failed",
    "too_many_requests",
    "bad_request",
    "validation_failed",
    "conflict",
    "refused",
    "internal_error",
];

pub const OPENAPI: &str = r##"{
  "openapi": "3.1.0",
  "info": {
    "title": "Hearth API",
    "version": "1",
    "summary": "Children's social care records: the same operations as Hearth's pages, as JSON.",
    "description": "Sign in through Hearth's sign-in page and send the `hearth_session` cookie with each request. Requests that change anything (POST) must also send the session's CSRF token in the `X-CSRF-Token` header; `GET /api/v1/session` returns it. A request that is not signed in gets 401 `not_signed_in` (a POST without a session fails the CSRF check first and gets 403 `csrf_failed`).\n\nEvery error has the same shape, `{\"error\": {\"code\", \"message\", \"fields\"}}`. Match on `code`, which is stable; `message` is plain English for people and may change; `fields` lists problems with individual fields (for `validation_failed`) and is otherwise empty.\n\nError codes:\n- `not_signed_in` (401): no signed-in session.\n- `forbidden` (403): the user's role does not allow this, or the child's record is outside their team and needs a break-glass reason given in Hearth first.\n- `not_found` (404): no such child, contact, check or decision, or no such API path.\n- `csrf_failed` (403): a write without the session's `X-CSRF-Token`, or from another site.\n- `too_many_requests` (429): too many attempts; wait and try again.\n- `bad_request` (400): the request cannot be read (body not a JSON object, no search criteria).\n- `validation_failed` (422): what was sent breaks a rule; see `fields`. Nothing was saved.\n- `conflict` (409): something that must be unique already exists.\n- `refused` (422): the record does not allow this change (for example, closing a contact while a check is open). Nothing was saved.\n- `internal_error` (500): a fault in Hearth; nothing was saved.\n\nEvery read of a child's record or chronology, and of a contact about a child, is written to the access log, as it is for the pages.",
    "license": { "name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later" }
  },
  "servers": [{ "url": "/api/v1" }],
  "security": [{ "sessionCookie": [] }],
  "paths": {
    "/session": {
      "get": {
        "operationId": "getSession",
        "summary": "Who is signed in, and the CSRF token for writes",
        "responses": {
          "200": { "description": "The signed-in user and the session's CSRF token", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Session" } } } },
          "401": { "$ref": "#/components/responses/NotSignedIn" }
        }
      }
    },
    "/children": {
      "get": {
        "operationId": "searchChildren",
        "summary": "Find children",
        "description": "Every criterion given must match. At least one is required. At most 100 children are returned, sorted by family name.",
        "parameters": [
          { "name": "name", "in": "query", "schema": { "type": "string" }, "description": "First name, last name or both; each word matches the start of a part of the name." },
          { "name": "date_of_birth", "in": "query", "schema": { "type": "string", "format": "date" }, "description": "YYYY-MM-DD. Also matches an unborn child's expected date of birth." },
          { "name": "nhs_number", "in": "query", "schema": { "type": "string" }, "description": "10 digits; spaces are allowed." },
          { "name": "hearth_id", "in": "query", "schema": { "type": "string" }, "description": "For example H0004217." },
          { "name": "risk_flag", "in": "query", "schema": { "type": "string" }, "description": "Only children with this risk flag active: DA, CSE, CCE, MISSING or a census factor code. On its own, lists children with the flag." },
          { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 100, "default": 100 } }
        ],
        "responses": {
          "200": { "description": "The children found", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ChildList" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      },
      "post": {
        "operationId": "recordChild",
        "summary": "Record a child new to Hearth",
        "description": "Search first: a child already known must not be recorded twice. Roles that may add children: practitioner, team manager, service manager, MASH worker.",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewChild" } } } },
        "responses": {
          "201": {
            "description": "Recorded",
            "headers": { "Location": { "description": "The new child's URL in the API", "schema": { "type": "string" } } },
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ChildCreated" } } }
          },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "409": { "$ref": "#/components/responses/Conflict" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/children/{id}": {
      "parameters": [{ "$ref": "#/components/parameters/ChildId" }],
      "get": {
        "operationId": "getChild",
        "summary": "A child's record summary",
        "description": "Writes an access-log entry (screen `api_child`). A user outside the child's team who has not given a break-glass reason in Hearth in this session gets 403 `forbidden`.",
        "responses": {
          "200": { "description": "The child's summary", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Child" } } } },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" }
        }
      }
    },
    "/children/{id}/chronology": {
      "parameters": [{ "$ref": "#/components/parameters/ChildId" }],
      "get": {
        "operationId": "getChronology",
        "summary": "A child's chronology, newest first",
        "description": "Writes an access-log entry (screen `api_chronology`). The same access rule as `GET /children/{id}`.",
        "parameters": [
          { "name": "category", "in": "query", "schema": { "$ref": "#/components/schemas/ChronologyCategory" }, "description": "Only entries of this category." },
          { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 5000, "default": 500 } }
        ],
        "responses": {
          "200": { "description": "The chronology", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Chronology" } } } },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/children/{id}/significant-events": {
      "parameters": [{ "$ref": "#/components/parameters/ChildId" }],
      "post": {
        "operationId": "addSignificantEvent",
        "summary": "Add a significant event, with analysis, to a child's chronology",
        "description": "Roles that may record: practitioner, team manager, service manager, MASH worker, IRO. The same access rule as `GET /children/{id}`.",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewSignificantEvent" } } } },
        "responses": {
          "201": { "description": "Recorded", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/EventCreated" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/children/{id}/risk-flags": {
      "parameters": [{ "$ref": "#/components/parameters/ChildId" }],
      "post": {
        "operationId": "raiseRiskFlag",
        "summary": "Flag a risk on a child's record (domestic abuse, exploitation, missing, or a census factor)",
        "description": "`flag` is DA, CSE, CCE, MISSING, or a children in need census factor code (1A to 24A, not 21). One active flag of each kind per child: raising an active one again is refused (422). Same roles and access rule as adding a significant event.",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": {
          "type": "object",
          "required": ["flag", "identified_on", "evidence"],
          "properties": {
            "flag": { "type": "string", "examples": ["CSE", "4B"] },
            "identified_on": { "type": "string", "format": "date" },
            "evidence": { "type": "string", "maxLength": 2000 }
          }
        } } } },
        "responses": {
          "201": { "description": "Recorded", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/EventCreated" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/children/{id}/risk-flags/{flag}/removal": {
      "parameters": [{ "$ref": "#/components/parameters/ChildId" }, { "name": "flag", "in": "path", "required": true, "schema": { "type": "string" } }],
      "post": {
        "operationId": "removeRiskFlag",
        "summary": "Remove an active risk flag, with the reason; its history stays in the chronology",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": {
          "type": "object",
          "required": ["removed_on", "reason"],
          "properties": { "removed_on": { "type": "string", "format": "date" }, "reason": { "type": "string", "maxLength": 2000 } }
        } } } },
        "responses": {
          "201": { "description": "Recorded", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/EventCreated" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/front-door/queue": {
      "get": {
        "operationId": "getMashQueue",
        "summary": "The MASH queue: every contact not yet closed",
        "description": "Unrated contacts first, then red, amber and green, each by the time it must be screened by. At most 1000 contacts. Roles: MASH worker, team manager, service manager.",
        "responses": {
          "200": { "description": "The queue", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/MashQueue" } } } },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" }
        }
      }
    },
    "/front-door/contacts": {
      "post": {
        "operationId": "recordContact",
        "summary": "Record a contact about one or more children, with its RAG rating",
        "description": "The rating sets the time the contact must be screened by, from the authority's screening policy (for example red within 4 hours, amber within 1 working day, green within 3). A contact received while an earlier contact about one of the same children was open, or within the chain window (30 days by default) of its closing, continues that contact's chain: `chain_start_id` is then the first contact of the chain, and timeliness is measured from it. Otherwise `chain_start_id` is the new contact's own id. Roles: MASH worker, team manager, service manager.",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewContact" } } } },
        "responses": {
          "201": {
            "description": "Recorded",
            "headers": { "Location": { "description": "The new contact's URL in the API", "schema": { "type": "string" } } },
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ContactCreated" } } }
          },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/front-door/contacts/{id}": {
      "parameters": [{ "$ref": "#/components/parameters/ContactId" }],
      "get": {
        "operationId": "getContact",
        "summary": "A contact: its triage, concern, children, checks, decisions and the children's other contacts",
        "description": "Writes an access-log entry (screen `api_contact`) for each child the contact is about. Roles: MASH worker, team manager, service manager.",
        "responses": {
          "200": { "description": "The contact", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Contact" } } } },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" }
        }
      }
    },
    "/front-door/contacts/{id}/rating": {
      "parameters": [{ "$ref": "#/components/parameters/ContactId" }],
      "post": {
        "operationId": "rateContact",
        "summary": "Rate (or re-rate) a contact's urgency",
        "description": "Sets a new screen-by time, worked out from when the contact was received. A closed contact cannot be re-rated (422 `refused`).",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ContactRating" } } } },
        "responses": {
          "200": { "description": "Rated", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ContactStatus" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/front-door/contacts/{id}/assignment": {
      "parameters": [{ "$ref": "#/components/parameters/ContactId" }],
      "post": {
        "operationId": "assignContact",
        "summary": "Give a contact to a worker to screen",
        "description": "Managers only (team manager, service manager). The worker must be an active MASH worker or manager.",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ContactAssignment" } } } },
        "responses": {
          "200": { "description": "Assigned", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ContactStatus" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/front-door/contacts/{id}/checks": {
      "parameters": [{ "$ref": "#/components/parameters/ContactId" }],
      "post": {
        "operationId": "requestCheck",
        "summary": "Ask another agency a question (a multi-agency check)",
        "description": "The signed-in user owns the check. Until it is completed, or recorded as not completed with a reason, the contact cannot be closed. A closed contact takes no more checks (422 `refused`).",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewCheck" } } } },
        "responses": {
          "201": { "description": "Requested", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/CheckCreated" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/front-door/contacts/{id}/checks/{check_id}": {
      "parameters": [{ "$ref": "#/components/parameters/ContactId" }, { "$ref": "#/components/parameters/CheckId" }],
      "post": {
        "operationId": "recordCheckResult",
        "summary": "Record what the agency said, or why the check was not done",
        "description": "A check that already has a result is refused (422 `refused`).",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/CheckResult" } } } },
        "responses": {
          "200": { "description": "Recorded", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ContactStatus" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/front-door/contacts/{id}/decisions": {
      "parameters": [{ "$ref": "#/components/parameters/ContactId" }],
      "post": {
        "operationId": "proposeDecision",
        "summary": "Propose the decision on a contact, for a manager to authorise",
        "description": "The outcome must fit the threshold level; the rationale must be at least 30 characters; consent must be recorded. Consent `refused` needs `consent.rationale`; `dispensed_with` needs a `consent.rationale` of at least 20 characters and `consent.agreed_by`, the manager who agreed. Only one decision may wait for a manager at a time, and a closed contact takes no decision (422 `refused`). The contact then waits for authorisation.",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewDecision" } } } },
        "responses": {
          "201": { "description": "Proposed", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/DecisionCreated" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/front-door/contacts/{id}/decisions/{decision_id}/authorisation": {
      "parameters": [{ "$ref": "#/components/parameters/ContactId" }, { "$ref": "#/components/parameters/DecisionId" }],
      "post": {
        "operationId": "authoriseDecision",
        "summary": "Authorise a proposed decision: it takes effect and the contact closes",
        "description": "Managers only (team manager, service manager). Refused (422 `refused`, nothing written) while any check on the contact is neither completed nor recorded as not completed, or when the decision is not waiting for authorisation.",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/DecisionAuthorisation" } } } },
        "responses": {
          "200": { "description": "Authorised; the contact is closed", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ContactStatus" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/front-door/contacts/{id}/decisions/{decision_id}/return": {
      "parameters": [{ "$ref": "#/components/parameters/ContactId" }, { "$ref": "#/components/parameters/DecisionId" }],
      "post": {
        "operationId": "returnDecision",
        "summary": "Send a proposed decision back to the worker, with why",
        "description": "Managers only (team manager, service manager). The contact is open again for a new decision. Refused (422 `refused`) when the decision is not waiting for authorisation.",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/DecisionReturn" } } } },
        "responses": {
          "200": { "description": "Returned", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ContactStatus" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/front-door/out-of-hours": {
      "get": {
        "operationId": "getOutOfHoursHandover",
        "summary": "Out-of-hours records the MASH has not yet taken on (F8), the oldest due first",
        "description": "Each must be taken on by 10am the next working day; `overdue` marks those past it. Roles: MASH worker, team manager, service manager.",
        "responses": {
          "200": { "description": "The handover queue", "content": { "application/json": { "schema": { "type": "object", "properties": { "records": { "type": "array", "items": {
            "type": "object",
            "properties": {
              "id": { "type": "string", "format": "uuid" },
              "occurred_at": { "type": "string", "format": "date-time" },
              "handover_due": { "type": "string", "format": "date-time" },
              "overdue": { "type": "boolean" },
              "children": { "type": "array", "items": { "type": "string", "format": "uuid" } },
              "summary": { "type": "string" },
              "action_taken": { "type": "string" }
            }
          } } } } } } },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" }
        }
      },
      "post": {
        "operationId": "recordOutOfHours",
        "summary": "Record out-of-hours work; it joins the handover queue",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": {
          "type": "object",
          "required": ["children", "occurred_at", "summary", "action_taken"],
          "properties": {
            "children": { "type": "array", "items": { "type": "string" }, "description": "Hearth IDs or ids of the children" },
            "occurred_at": { "type": "string", "format": "date-time" },
            "summary": { "type": "string" },
            "action_taken": { "type": "string" }
          }
        } } } },
        "responses": {
          "201": { "description": "Recorded", "content": { "application/json": { "schema": { "type": "object", "required": ["id"], "properties": { "id": { "type": "string", "format": "uuid" } } } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/front-door/out-of-hours/{id}/acknowledgement": {
      "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } }],
      "post": {
        "operationId": "acknowledgeOutOfHours",
        "summary": "The MASH takes on an out-of-hours record",
        "description": "409 `conflict` when it has already been taken on.",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": false, "content": { "application/json": { "schema": { "type": "object", "properties": { "note": { "type": "string" } } } } } },
        "responses": {
          "201": { "description": "Recorded", "content": { "application/json": { "schema": { "type": "object", "required": ["id"], "properties": { "id": { "type": "string", "format": "uuid" } } } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" },
          "409": { "$ref": "#/components/responses/Conflict" }
        }
      }
    },
    "/front-door/escalations": {
      "get": {
        "operationId": "getEscalations",
        "summary": "Threshold disagreements between teams (F5): open first, then the most recently resolved",
        "responses": {
          "200": { "description": "The disagreements", "content": { "application/json": { "schema": { "type": "object", "properties": { "escalations": { "type": "array", "items": {
            "type": "object",
            "properties": {
              "id": { "type": "string", "format": "uuid" },
              "contact_id": { "type": "string", "format": "uuid" },
              "raised_by_team": { "type": "string" },
              "with_team": { "type": "string" },
              "raised_at": { "type": "string", "format": "date-time" },
              "resolved_at": { "type": ["string", "null"], "format": "date-time" },
              "outcome": { "type": ["string", "null"], "enum": ["decision_stands", "decision_changed", "compromise", null] },
              "hours_to_resolve": { "type": ["integer", "null"] }
            }
          } } } } } } },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" }
        }
      }
    },
    "/front-door/contacts/{id}/escalations": {
      "parameters": [{ "$ref": "#/components/parameters/ContactId" }],
      "post": {
        "operationId": "raiseEscalation",
        "summary": "Your team disagrees with another team's threshold decision on this contact",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": {
          "type": "object",
          "required": ["with_team", "disagreement"],
          "properties": { "with_team": { "type": "string", "format": "uuid" }, "disagreement": { "type": "string" } }
        } } } },
        "responses": {
          "201": { "description": "Recorded", "content": { "application/json": { "schema": { "type": "object", "required": ["id"], "properties": { "id": { "type": "string", "format": "uuid" } } } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/front-door/contacts/{id}/escalations/{escalation_id}/resolution": {
      "parameters": [{ "$ref": "#/components/parameters/ContactId" }, { "name": "escalation_id", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } }],
      "post": {
        "operationId": "resolveEscalation",
        "summary": "A manager records how a disagreement ended",
        "description": "Managers only. 409 `conflict` when it is already resolved.",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": {
          "type": "object",
          "required": ["outcome", "resolution"],
          "properties": { "outcome": { "type": "string", "enum": ["decision_stands", "decision_changed", "compromise"] }, "resolution": { "type": "string" } }
        } } } },
        "responses": {
          "201": { "description": "Recorded", "content": { "application/json": { "schema": { "type": "object", "required": ["id"], "properties": { "id": { "type": "string", "format": "uuid" } } } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" },
          "409": { "$ref": "#/components/responses/Conflict" }
        }
      }
    },
    "/children/{id}/referrals/{referral_id}/primary-need": {
      "parameters": [{ "$ref": "#/components/parameters/ChildId" }, { "name": "referral_id", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } }],
      "post": {
        "operationId": "recordPrimaryNeed",
        "summary": "Record a children-in-need episode's primary need (census N0 to N9)",
        "description": "A later record replaces it for the census; both stay in the chronology. Same roles and access rule as adding a significant event.",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": {
          "type": "object", "required": ["primary_need"],
          "properties": { "primary_need": { "type": "string", "enum": ["N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"] } }
        } } } },
        "responses": {
          "201": { "description": "Recorded", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/EventCreated" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/front-door/rota": {
      "get": {
        "operationId": "getDutyRota",
        "summary": "Who is on duty at the front door, by team and day",
        "parameters": [
          { "name": "from", "in": "query", "schema": { "type": "string", "format": "date" }, "description": "Default: this week's Monday." },
          { "name": "to", "in": "query", "schema": { "type": "string", "format": "date" }, "description": "Default: six days after `from`; at most 93 days in all." }
        ],
        "responses": {
          "200": { "description": "The rota", "content": { "application/json": { "schema": { "type": "object", "properties": {
            "from": { "type": "string", "format": "date" },
            "to": { "type": "string", "format": "date" },
            "on_duty": { "type": "array", "items": { "type": "object", "properties": {
              "team_id": { "type": "string", "format": "uuid" },
              "date": { "type": "string", "format": "date" },
              "user_id": { "type": "string", "format": "uuid" },
              "name": { "type": "string" },
              "duty": { "type": "string", "enum": ["worker", "manager"] }
            } } }
          } } } } },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/front-door/rota/{team_id}/{date}": {
      "parameters": [
        { "name": "team_id", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" }, "description": "A MASH, assessment or out-of-hours team." },
        { "name": "date", "in": "path", "required": true, "schema": { "type": "string", "format": "date" } }
      ],
      "post": {
        "operationId": "setDutyRotaDay",
        "summary": "Set one team's duty for one day (managers); an empty list clears it",
        "description": "At most 13 weeks ahead and 14 days back. Everyone must have an active account.",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": {
          "type": "object",
          "properties": { "duty_workers": { "type": "array", "items": { "type": "string", "format": "uuid" } }, "duty_manager": { "type": ["string", "null"], "format": "uuid" } }
        } } } },
        "responses": {
          "201": { "description": "Saved" },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/children/{id}/assessments": {
      "parameters": [{ "$ref": "#/components/parameters/ChildId" }],
      "get": {
        "operationId": "listAssessments",
        "summary": "A child's child and family assessments, the latest started first",
        "description": "Each with its due date (45 working days after the referral, the authority's bank holidays excluded) and whether it is late. Writes an access-log entry (screen `api_assessments`).",
        "responses": {
          "200": { "description": "The assessments", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AssessmentList" } } } },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" }
        }
      },
      "post": {
        "operationId": "startAssessment",
        "summary": "Start a child and family assessment under the child's open referral",
        "description": "Refused (422 `refused`) when the child has no open referral or an assessment under it is still in progress. Roles: practitioner, MASH worker, team manager, service manager, IRO.",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AssessmentStart" } } } },
        "responses": {
          "201": { "description": "Started", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Assessment" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/assessments/{id}": {
      "parameters": [{ "$ref": "#/components/parameters/AssessmentId" }],
      "get": {
        "operationId": "getAssessment",
        "summary": "One assessment",
        "description": "Writes an access-log entry for the child (screen `api_assessment`).",
        "responses": {
          "200": { "description": "The assessment", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Assessment" } } } },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" }
        }
      }
    },
    "/assessments/{id}/submit": {
      "parameters": [{ "$ref": "#/components/parameters/AssessmentId" }],
      "post": {
        "operationId": "submitAssessment",
        "summary": "Submit the completed assessment for a manager's authorisation",
        "description": "The whole record, complete: the information gathered and a separate analysis, the child's views or why they were not gathered, the census factors (\"21\" alone when none; 18A and 19A are no longer used), the outcome and the completion date. Completed after the due date, `late_reason` is required. Refused once authorised. Roles: practitioner, MASH worker, team manager, service manager, IRO.",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AssessmentSubmission" } } } },
        "responses": {
          "200": { "description": "Submitted", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Assessment" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/assessments/{id}/authorise": {
      "parameters": [{ "$ref": "#/components/parameters/AssessmentId" }],
      "post": {
        "operationId": "authoriseAssessment",
        "summary": "Authorise a submitted assessment (managers)",
        "description": "The assessment's timescale is measured to `authorised_on`, which cannot be before its completion. Authorised after the due date, a late reason is needed: this one, or the worker's from the submission (`validation_failed` on `late_reason`, naming the due date). Refused (422 `refused`) unless the assessment is submitted. Roles: team manager, service manager.",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AssessmentAuthorisation" } } } },
        "responses": {
          "200": { "description": "Authorised", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Assessment" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/early-help/waiting-list": {
      "get": {
        "operationId": "getEarlyHelpWaitingList",
        "summary": "The early help waiting list, the longest waiting first",
        "description": "Children referred to early help whose help has not started. Each has a keeping-in-touch contact due at the authority's interval (every 10 working days by default) after the referral or the last contact that reached the family; an unanswered attempt does not reset it. Roles: practitioner, MASH worker, team manager, service manager.",
        "responses": {
          "200": { "description": "The waiting list", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/EarlyHelpWaitingList" } } } },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" }
        }
      }
    },
    "/early-help/referrals": {
      "post": {
        "operationId": "referToEarlyHelp",
        "summary": "Refer a child to early help: a step-down from children in need, or a partner's request",
        "description": "Puts the child on the waiting list. A step-down from the MASH is recorded when a contact's early help decision is authorised, not here. A child already open to early help is refused (422 `refused`). A step-down followed by a referral to children's social care within 3 calendar months is flagged on the child's record and the dashboard. Writes an access-log entry for the child. Roles: practitioner, team manager, service manager.",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/EarlyHelpReferral" } } } },
        "responses": {
          "201": { "description": "Referred", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/EarlyHelpEpisodeCreated" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/early-help/episodes/{id}/keeping-in-touch": {
      "parameters": [{ "$ref": "#/components/parameters/EarlyHelpEpisodeId" }],
      "post": {
        "operationId": "recordKeepingInTouch",
        "summary": "Record a keeping-in-touch contact with a family on the waiting list",
        "description": "Only while the child is on the waiting list (422 `refused` once early help has started or the episode has ended). Roles: practitioner, MASH worker, team manager, service manager.",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/KeepingInTouch" } } } },
        "responses": {
          "201": { "description": "Recorded, with when the next contact is due", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/KeptInTouch" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/early-help/episodes/{id}/step-up": {
      "parameters": [{ "$ref": "#/components/parameters/EarlyHelpEpisodeId" }],
      "post": {
        "operationId": "stepUpFromEarlyHelp",
        "summary": "Step a child up from early help to children's social care",
        "description": "Ends the episode and, in the same record, puts a new contact on the MASH queue (source 5D, LA services: early help) with the reason as its concern and the rating given, so it is screened like any other. Roles: practitioner, MASH worker, team manager, service manager.",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/StepUp" } } } },
        "responses": {
          "201": { "description": "Stepped up", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/SteppedUp" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/domestic-incidents": {
      "get": {
        "operationId": "listDomesticIncidents",
        "summary": "Police domestic-abuse notifications: waiting for the review's decision, or decided",
        "description": "`status=undecided` (the default) lists every notification waiting for a decision from the daily domestic-incident review, the oldest first. `status=decided` lists those decided since `since` (default the last 7 days), the latest first. At most 1000. Roles: MASH worker, team manager, service manager.",
        "parameters": [
          { "name": "status", "in": "query", "schema": { "type": "string", "enum": ["undecided", "decided"], "default": "undecided" } },
          { "name": "since", "in": "query", "schema": { "type": "string", "format": "date" }, "description": "With `status=decided`: decided on or after this UK date, YYYY-MM-DD." }
        ],
        "responses": {
          "200": { "description": "The notifications", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/DomesticIncidentList" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" }
        }
      },
      "post": {
        "operationId": "sendDomesticIncidents",
        "summary": "Send a batch of police domestic-abuse notifications",
        "description": "Each notification is checked on its own. If any has a problem, nothing is recorded and the answer is 422 `validation_failed` with every problem in `fields`, named by the notification's index in the batch (`notifications[2].children`). With `import_good_rows: true` the good notifications are recorded and the others are listed in `skipped`. Children are named by Hearth ID, or by exact name and date of birth (`Amy Smith 2016-05-04` or `Amy Smith 04/05/2016`); a child Hearth does not have, or more than one child with that name and date of birth, is a problem for that notification. A police reference already received is not recorded twice. Roles: MASH worker, team manager, service manager.",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/DomesticIncidentBatch" } } } },
        "responses": {
          "201": { "description": "Recorded", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/DomesticIncidentBatchRecorded" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/domestic-incidents/{id}/decision": {
      "parameters": [{ "$ref": "#/components/parameters/DomesticIncidentId" }],
      "post": {
        "operationId": "decideDomesticIncident",
        "summary": "Record the daily review's decision on a notification",
        "description": "Every decision needs a rationale (at least 30 characters), below threshold included; it goes on each child's chronology. A high-risk (DASH) notification can only be a contact to the MASH or already open. `contact_to_mash` records a contact from the police on the MASH queue in the same record and returns its id. A notification is decided once (409 `conflict` after). Roles: MASH worker, team manager, service manager.",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/DomesticIncidentDecision" } } } },
        "responses": {
          "201": { "description": "Recorded", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/DomesticIncidentDecided" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "409": { "$ref": "#/components/responses/Conflict" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/children/{id}/proceedings": {
      "parameters": [{ "$ref": "#/components/parameters/ChildId" }],
      "get": {
        "operationId": "getChildProceedings",
        "summary": "A child's pre-proceedings (Public Law Outline) and care proceedings, the latest first",
        "description": "Each pre-proceedings with its reviews, whole weeks elapsed (to today, or to the end), the last day within the local limit (16 weeks by default) and whether it was passed, and when the next review is due (8 weeks after the start or the last review, by default). Each proceedings with whole weeks since issue against the 26 weeks beginning with the day of issue (Children Act 1989 s32(1)(a)(ii)). Writes an access-log entry (screen `api_proceedings`). The same access rule as `GET /children/{id}`. Recording is done in Hearth's pages.",
        "responses": {
          "200": { "description": "The child's pre-proceedings and proceedings", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ChildProceedings" } } } },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" }
        }
      }
    },
    "/pre-proceedings": {
      "get": {
        "operationId": "getPreProceedingsList",
        "summary": "Every child in pre-proceedings across the service, those past the local limit first (F21)",
        "description": "Open pre-proceedings only, past the limit first, then the longest running. Roles: team manager, service manager.",
        "parameters": [
          { "name": "over_limit", "in": "query", "schema": { "type": "boolean", "default": false }, "description": "true: only children past the local limit." }
        ],
        "responses": {
          "200": { "description": "The list", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/PreProceedingsList" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" }
        }
      }
    },
    "/children/{id}/cp-plans": {
      "parameters": [{ "$ref": "#/components/parameters/ChildId" }],
      "get": {
        "operationId": "listCpPlans",
        "summary": "The child's child protection plans, newest first, with their actions, core groups and next due meetings",
        "description": "Each plan's actions include those its core groups set. For an open plan, `next_core_group_due` (the first 10 working days from the start, then at the local interval) and `next_review_due` (3 months from the start, then 6 months from the last review) are given. The read is written to the access log.",
        "responses": {
          "200": { "description": "The plans", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/CpPlanList" } } } },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" }
        }
      },
      "post": {
        "operationId": "recordCpPlan",
        "summary": "Record the child protection plan an initial conference decided on",
        "description": "The plan starts on the conference's date, under the category the conference chose. A contingency plan (at least 20 characters) and at least one action, each with a description, an owner (`owner_name` and `owner_agency`, or `owner_user_id` for a member of staff) and `due_on`, are required: without them the answer is 422 `validation_failed` naming each field (`contingency_plan`, `actions[0].due_on`). Refused (422, on `conference_id`) when the conference decided on no plan, when a plan was already recorded from it, or while the child has another child protection plan or a child in need plan open (end that first).",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": {
          "type": "object",
          "required": ["conference_id", "contingency_plan", "actions"],
          "properties": {
            "conference_id": { "type": "string", "format": "uuid" },
            "contingency_plan": { "type": "string", "minLength": 20, "maxLength": 20000 },
            "actions": { "type": "array", "items": { "$ref": "#/components/schemas/NewAction" } }
          }
        } } } },
        "responses": {
          "201": { "description": "Recorded", "content": { "application/json": { "schema": { "type": "object", "required": ["event_id", "seq", "plan_id"], "properties": { "event_id": { "type": "string", "format": "uuid" }, "seq": { "type": "integer" }, "plan_id": { "type": "string", "format": "uuid" } } } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/children/{id}/actions": {
      "parameters": [{ "$ref": "#/components/parameters/ChildId" }],
      "get": {
        "operationId": "listChildActions",
        "summary": "Every action on the child's record, from any strategy discussion, conference, plan, core group or review",
        "description": "Open actions first, earliest due first. `overdue` is true for an open action past its due date today.",
        "responses": {
          "200": { "description": "The actions", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ActionList" } } } },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" }
        }
      }
    },
    "/actions/{id}/complete": {
      "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" }, "description": "The action's id, from the child's actions." }],
      "post": {
        "operationId": "completeAction",
        "summary": "Mark an action done, with what shows it was done",
        "description": "Refused (422 `validation_failed` on `action`) when the action is already done or cancelled.",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": {
          "type": "object",
          "required": ["completed_on", "evidence"],
          "properties": { "completed_on": { "type": "string", "format": "date" }, "evidence": { "type": "string", "maxLength": 5000 } }
        } } } },
        "responses": {
          "201": { "description": "Recorded", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/EventCreated" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/children/{id}/strategy-discussions": {
      "parameters": [{ "$ref": "#/components/parameters/ChildId" }],
      "get": {
        "operationId": "listStrategyDiscussions",
        "summary": "A child's strategy discussions, newest first, with attendees, expected agencies absent and actions",
        "responses": {
          "200": { "description": "The strategy discussions", "content": { "application/json": { "schema": { "type": "array", "items": { "type": "object" } } } } },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" }
        }
      },
      "post": {
        "operationId": "recordStrategyDiscussion",
        "summary": "Record a strategy discussion",
        "description": "Cannot be saved without attendees (each with name, agency and role), the information shared, a decision, a rationale, an interim safety plan when the decision is `section_47`, and owner and due date on every action: 422 `validation_failed` with a field error for each (`attendees`, `attendees[0].role`, `actions[1].due_on`...). `held_at` is the local date and time, `YYYY-MM-DDTHH:MM`. `agency` is one of social_care, police, health, education, probation, housing, other; `decision` one of section_47, child_and_family_assessment, nfa. Without `referral_id` the child's open referral is used.",
        "security": [{ "sessionCookie": [], "csrfToken": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": {
          "type": "object",
          "required": ["held_at", "attendees", "information_shared", "decision", "rationale"],
          "properties": {
            "held_at": { "type": "string", "examples": ["2026-03-02T16:45"] },
            "referral_id": { "type": "string", "format": "uuid" },
            "attendees": { "type": "array", "items": { "type": "object", "required": ["name", "agency", "role"], "properties": { "name": { "type": "string" }, "agency": { "type": "string" }, "role": { "type": "string" } } } },
            "information_shared": { "type": "string" },
            "decision": { "type": "string", "enum": ["section_47", "child_and_family_assessment", "nfa"] },
            "rationale": { "type": "string" },
            "interim_safety_plan": { "type": "string" },
            "actions": { "type": "array", "items": { "type": "object", "required": ["description", "owner_name", "owner_agency", "due_on"], "properties": { "description": { "type": "string" }, "owner_name": { "type": "string" }, "owner_agency": { "type": "string" }, "due_on": { "type": "string", "format": "date" } } } }
          }
        } } } },
        "responses": {
          "201": { "description": "Recorded", "content": { "application/json": { "schema": { "type": "object", "required": ["discussion_id", "event_id", "seq"], "properties": { "discussion_id": { "type": "string", "format": "uuid" }, "event_id": { "type": "string", "format": "uuid" }, "seq": { "type": "integer" } } } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "422": { "$ref": "#/components/responses/ValidationFailed" }
        }
      }
    },
    "/children/{id}/section-47s": {
      "parameters": [{ "$ref": "#/components/parameters/ChildId" }],
      "get": {
        "operationId": "listSection47Enquiries",
        "summary": "A child's section 47 enquiries, newest first: child seen (and seen alone) and outcome",
        "responses": {
          "200": { "description": "The enquiries", "content": { "application/json": { "schema": { "type": "array", "items": { "type": "object" } } } } },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" }
        }
      }
    },
    "/children/{id}/conferences": {
      "parameters": [{ "$ref": "#/components/parameters/ChildId" }],
      "get": {
        "operationId": "listConferences",
        "summary": "A child's initial and review child protection conferences, newest first",
        "responses": {
          "200": { "description": "The conferences", "content": { "application/json": { "schema": { "type": "array", "items": { "type": "object" } } } } },
          "401": { "$ref": "#/components/responses/NotSignedIn" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" }
        }
      }
    },
    "/openapi.json": {
      "get": {
        "operationId": "getOpenApi",
        "summary": "This document",
        "security": [],
        "responses": { "200": { "description": "The OpenAPI document", "content": { "application/json": { "schema": { "type": "object" } } } } }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "sessionCookie": { "type": "apiKey", "in": "cookie", "name": "hearth_session", "description": "The session cookie set by signing in to Hearth." },
      "csrfToken": { "type": "apiKey", "in": "header", "name": "X-CSRF-Token", "description": "The session's CSRF token, from GET /session. Required on every POST." }
    },
    "parameters": {
      "AssessmentId": { "name": "id", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" }, "description": "The assessment's id, from starting it or from the child's list." },
      "ContactId": { "name": "id", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" }, "description": "The contact's id." },
      "CheckId": { "name": "check_id", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" }, "description": "The check's id, from requesting it or from the contact." },
      "DecisionId": { "name": "decision_id", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" }, "description": "The decision's id, from proposing it or from the contact." },
      "EarlyHelpEpisodeId": { "name": "id", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" }, "description": "The early help episode's id, from the waiting list or the referral." },
      "DomesticIncidentId": { "name": "id", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" }, "description": "The notification's id, from sending the batch or the list." },
      "ChildId": { "name": "id", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" }, "description": "The child's id (not the Hearth ID)." }
    },
    "responses": {
      "BadRequest": { "description": "`bad_request`: the request cannot be read", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
      "NotSignedIn": { "description": "`not_signed_in`: no signed-in session", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
      "Forbidden": { "description": "`forbidden` (role or record access) or `csrf_failed` (a write without the session's X-CSRF-Token)", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
      "NotFound": { "description": "`not_found`", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
      "Conflict": { "description": "`conflict`: something that must be unique already exists", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
      "ValidationFailed": { "description": "`validation_failed` (see `fields`) or `refused`; nothing was saved", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
    },
    "schemas": {
      "AssessmentStatus": { "type": "string", "enum": ["in_progress", "submitted", "authorised"] },
      "AssessmentOutcome": { "type": "string", "enum": ["nfa", "early_help", "child_in_need_plan", "strategy_discussion", "become_looked_after"] },
      "Assessment": {
        "type": "object",
        "required": ["assessment_id", "child_id", "referral_id", "referral_on", "started_on", "status", "due_on", "late", "factors"],
        "properties": {
          "assessment_id": { "type": "string", "format": "uuid" },
          "child_id": { "type": "string", "format": "uuid" },
          "referral_id": { "type": "string", "format": "uuid" },
          "referral_on": { "type": "string", "format": "date" },
          "started_on": { "type": "string", "format": "date" },
          "expected_birth_on": { "type": ["string", "null"], "format": "date", "description": "Set for a pre-birth assessment" },
          "status": { "$ref": "#/components/schemas/AssessmentStatus" },
          "due_on": { "type": "string", "format": "date", "description": "45 working days after the referral" },
          "late": { "type": "boolean", "description": "Authorised (or, still open, today) after the due date" },
          "information_gathered": { "type": "string" },
          "analysis": { "type": "string" },
          "childs_views": { "type": "string" },
          "childs_views_not_obtained_reason": { "type": "string" },
          "factors": { "type": "array", "items": { "type": "string" }, "description": "Children in need census factor codes" },
          "outcome": { "oneOf": [{ "$ref": "#/components/schemas/AssessmentOutcome" }, { "type": "null" }] },
          "completed_on": { "type": ["string", "null"], "format": "date" },
          "submitted_by": { "type": ["string", "null"], "format": "uuid" },
          "authorised_on": { "type": ["string", "null"], "format": "date" },
          "authorised_by": { "type": ["string", "null"], "format": "uuid" },
          "late_reason": { "type": "string" },
          "manager_comment": { "type": "string" },
          "returned_reason": { "type": ["string", "null"], "description": "What the manager asked for when they last returned it" }
        }
      },
      "AssessmentList": {
        "type": "object",
        "required": ["assessments"],
        "properties": { "assessments": { "type": "array", "items": { "$ref": "#/components/schemas/Assessment" } } }
      },
      "AssessmentStart": {
        "type": "object",
        "required": ["started_on"],
        "properties": {
          "started_on": { "type": "string", "format": "date" },
          "expected_birth_on": { "type": "string", "format": "date", "description": "For a pre-birth assessment: the expected date of delivery" }
        }
      },
      "AssessmentSubmission": {
        "type": "object",
        "required": ["information_gathered", "analysis", "factors", "outcome", "completed_on"],
        "properties": {
          "information_gathered": { "type": "string" },
          "analysis": { "type": "string", "description": "What the information means for the child; not a copy of it" },
          "childs_views": { "type": "string" },
          "childs_views_not_obtained_reason": { "type": "string", "description": "Required when childs_views is empty" },
          "factors": { "type": "array", "items": { "type": "string" } },
          "outcome": { "$ref": "#/components/schemas/AssessmentOutcome" },
          "completed_on": { "type": "string", "format": "date" },
          "late_reason": { "type": "string", "description": "Required when completed after the due date" }
        }
      },
      "AssessmentAuthorisation": {
        "type": "object",
        "required": ["authorised_on"],
        "properties": {
          "authorised_on": { "type": "string", "format": "date" },
          "late_reason": { "type": "string", "description": "Replaces the worker's reason when given" },
          "manager_comment": { "type": "string" }
        }
      },
      "NewAction": {
        "type": "object",
        "required": ["description", "due_on"],
        "properties": {
          "description": { "type": "string", "maxLength": 2000 },
          "owner_name": { "type": "string" },
          "owner_agency": { "type": "string" },
          "owner_user_id": { "type": "string", "format": "uuid", "description": "A member of staff who owns the action, instead of a name and agency." },
          "due_on": { "type": "string", "format": "date" }
        },
        "additionalProperties": false
      },
      "Action": {
        "type": "object",
        "properties": {
          "id": { "type": "string", "format": "uuid" },
          "child_id": { "type": "string", "format": "uuid" },
          "source": { "type": "string", "enum": ["strategy_discussion", "conference", "cp_plan", "core_group", "cin_plan", "cin_review"] },
          "source_id": { "type": "string" },
          "description": { "type": "string" },
          "owner_user_id": { "type": ["string", "null"], "format": "uuid" },
          "owner_name": { "type": ["string", "null"] },
          "owner_agency": { "type": ["string", "null"] },
          "owner": { "type": "string", "description": "Who, as people read it." },
          "due_on": { "type": ["string", "null"], "format": "date" },
          "status": { "type": "string", "enum": ["open", "done", "cancelled"] },
          "overdue": { "type": "boolean" },
          "completed_on": { "type": ["string", "null"], "format": "date" },
          "evidence": { "type": ["string", "null"] },
          "cancel_reason": { "type": ["string", "null"] }
        }
      },
      "ActionList": { "type": "object", "properties": { "actions": { "type": "array", "items": { "$ref": "#/components/schemas/Action" } } } },
      "CpPlan": {
        "type": "object",
        "properties": {
          "id": { "type": "string", "format": "uuid" },
          "conference_id": { "type": ["string", "null"], "format": "uuid" },
          "started_on": { "type": "string", "format": "date" },
          "initial_category": { "type": ["string", "null"], "enum": ["NEG", "PHY", "SAB", "EMO", "MUL", null] },
          "latest_category": { "type": ["string", "null"], "enum": ["NEG", "PHY", "SAB", "EMO", "MUL", null] },
          "contingency_plan": { "type": "string" },
          "ended_on": { "type": ["string", "null"], "format": "date" },
          "end_reason": { "type": ["string", "null"] },
          "end_reason_detail": { "type": "string" },
          "next_core_group_due": { "type": ["string", "null"], "format": "date" },
          "next_review_due": { "type": ["string", "null"], "format": "date" },
          "actions": { "type": "array", "items": { "$ref": "#/components/schemas/Action" } },
          "core_groups": { "type": "array", "items": { "type": "object", "properties": { "id": { "type": "string", "format": "uuid" }, "held_on": { "type": "string", "format": "date" }, "attendees": { "type": "array", "items": { "type": "object" } }, "progress": { "type": "string" }, "late_reason": { "type": "string" } } } }
        }
      },
      "CpPlanList": { "type": "object", "properties": { "plans": { "type": "array", "items": { "$ref": "#/components/schemas/CpPlan" } } } },
      "DashRisk": { "type": "string", "enum": ["standard", "medium", "high"], "description": "The DASH risk level the police gave." },
      "ChildrenPresent": { "type": "string", "enum": ["yes", "no", "not_known"] },
      "ReviewDecision": {
        "type": "string",
        "enum": ["below_threshold", "share_with_school_and_health", "early_help_offer", "contact_to_mash", "already_open"],
        "description": "below_threshold: no action (still recorded); share_with_school_and_health: Operation Encompass style; early_help_offer; contact_to_mash: a contact for screening; already_open: pass to the allocated worker."
      },
      "DomesticIncidentNotification": {
        "type": "object",
        "required": ["police_reference", "incident_date", "incident_time", "children", "children_present", "dash_risk", "victim", "alleged_perpetrator", "summary"],
        "properties": {
          "police_reference": { "type": "string", "maxLength": 50 },
          "incident_date": { "type": "string", "format": "date", "description": "YYYY-MM-DD, UK date." },
          "incident_time": { "type": "string", "description": "HH:MM, 24-hour UK time." },
          "children": { "type": "array", "items": { "type": "string" }, "minItems": 1, "maxItems": 20, "description": "Each a Hearth ID, or a name and date of birth." },
          "children_present": { "$ref": "#/components/schemas/ChildrenPresent" },
          "dash_risk": { "$ref": "#/components/schemas/DashRisk" },
          "victim": { "type": "string", "maxLength": 500 },
          "alleged_perpetrator": { "type": "string", "maxLength": 500 },
          "summary": { "type": "string", "maxLength": 5000 }
        }
      },
      "DomesticIncidentBatch": {
        "type": "object",
        "required": ["notifications"],
        "properties": {
          "notifications": { "type": "array", "items": { "$ref": "#/components/schemas/DomesticIncidentNotification" }, "minItems": 1, "maxItems": 2000 },
          "import_good_rows": { "type": "boolean", "default": false, "description": "Record the good notifications even if others have problems." }
        }
      },
      "DomesticIncidentBatchRecorded": {
        "type": "object",
        "required": ["batch_id", "imported", "ids", "skipped"],
        "properties": {
          "batch_id": { "type": "string", "format": "uuid" },
          "imported": { "type": "integer" },
          "ids": { "type": "array", "items": { "type": "string", "format": "uuid" } },
          "skipped": {
            "type": "array",
            "items": { "type": "object", "required": ["index", "field", "message"], "properties": { "index": { "type": "integer" }, "field": { "type": "string" }, "message": { "type": "string" } } }
          }
        }
      },
      "DomesticIncident": {
        "type": "object",
        "required": ["id", "batch_id", "police_reference", "incident_at", "received_at", "dash_risk", "children_present", "decision", "review_date", "decided_at", "contact_id", "children"],
        "properties": {
          "id": { "type": "string", "format": "uuid" },
          "batch_id": { "type": "string", "format": "uuid" },
          "police_reference": { "type": "string" },
          "incident_at": { "type": "string", "format": "date-time" },
          "received_at": { "type": "string", "format": "date-time" },
          "dash_risk": { "$ref": "#/components/schemas/DashRisk" },
          "children_present": { "$ref": "#/components/schemas/ChildrenPresent" },
          "decision": { "oneOf": [{ "$ref": "#/components/schemas/ReviewDecision" }, { "type": "null" }] },
          "review_date": { "type": ["string", "null"], "format": "date" },
          "decided_at": { "type": ["string", "null"], "format": "date-time" },
          "contact_id": { "type": ["string", "null"], "format": "uuid" },
          "children": {
            "type": "array",
            "items": { "type": "object", "required": ["id", "hearth_id", "name"], "properties": { "id": { "type": "string", "format": "uuid" }, "hearth_id": { "type": "string" }, "name": { "type": "string" } } }
          }
        }
      },
      "DomesticIncidentList": {
        "type": "object",
        "required": ["notifications"],
        "properties": { "notifications": { "type": "array", "items": { "$ref": "#/components/schemas/DomesticIncident" } } }
      },
      "DomesticIncidentDecision": {
        "type": "object",
        "required": ["decision", "rationale"],
        "properties": {
          "decision": { "$ref": "#/components/schemas/ReviewDecision" },
          "rationale": { "type": "string", "minLength": 30, "maxLength": 5000 },
          "review_date": { "type": "string", "format": "date", "description": "The day of the review meeting, YYYY-MM-DD; today if left out." }
        }
      },
      "DomesticIncidentDecided": {
        "type": "object",
        "required": ["id", "decision", "review_date", "contact_id"],
        "properties": {
          "id": { "type": "string", "format": "uuid" },
          "decision": { "$ref": "#/components/schemas/ReviewDecision" },
          "review_date": { "type": "string", "format": "date" },
          "contact_id": { "type": ["string", "null"], "format": "uuid", "description": "The contact made to the MASH, for contact_to_mash." }
        }
      },
      "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
          "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
              "code": { "$ref": "#/components/schemas/ErrorCode" },
              "message": { "type": "string", "description": "Plain English, for people. May change." },
              "fields": { "type": "array", "items": { "$ref": "#/components/schemas/FieldError" } }
            }
          }
        },
        "example": { "error": { "code": "validation_failed", "message": "There is a problem with what was entered", "fields": [{ "field": "given_name", "message": "Enter the child's first name" }] } }
      },
      "ErrorCode": {
        "type": "string",
        "enum": ["not_signed_in", "forbidden", "not_found", "csrf_failed", "too_many_requests", "bad_request", "validation_failed", "conflict", "refused", "internal_error"]
      },
      "FieldError": {
        "type": "object",
        "required": ["field", "message"],
        "properties": {
          "field": { "type": "string", "description": "The JSON property (nested properties as `address.postcode`), or query parameter." },
          "message": { "type": "string" }
        }
      },
      "Session": {
        "type": "object",
        "required": ["user", "csrf_token"],
        "properties": {
          "user": {
            "type": "object",
            "required": ["id", "username", "display_name", "role"],
            "properties": {
              "id": { "type": "string", "format": "uuid" },
              "username": { "type": "string" },
              "display_name": { "type": "string" },
              "role": { "type": "string", "enum": ["practitioner", "team_manager", "service_manager", "mash_worker", "iro", "qa_auditor", "performance_analyst", "administrator"] },
              "role_label": { "type": "string" },
              "team_id": { "type": ["string", "null"], "format": "uuid" }
            }
          },
          "csrf_token": { "type": "string", "description": "Send as the X-CSRF-Token header on every POST in this session." }
        }
      },
      "ChildListItem": {
        "type": "object",
        "required": ["id", "hearth_id", "given_name", "family_name"],
        "properties": {
          "id": { "type": "string", "format": "uuid" },
          "hearth_id": { "type": "string", "examples": ["H0004217"] },
          "given_name": { "type": "string" },
          "family_name": { "type": "string" },
          "date_of_birth": { "type": ["string", "null"], "format": "date" },
          "expected_date_of_birth": { "type": ["string", "null"], "format": "date" },
          "team": { "type": ["string", "null"], "description": "The team holding the child" },
          "worker": { "type": ["string", "null"], "description": "The allocated worker" }
        }
      },
      "ChildList": {
        "type": "object",
        "required": ["children"],
        "properties": { "children": { "type": "array", "items": { "$ref": "#/components/schemas/ChildListItem" } } }
      },
      "Address": {
        "type": "object",
        "required": ["line1", "town", "postcode"],
        "properties": {
          "line1": { "type": "string" },
          "line2": { "type": ["string", "null"] },
          "town": { "type": "string" },
          "postcode": { "type": "string", "description": "A full UK postcode" }
        },
        "additionalProperties": false
      },
      "NewChild": {
        "type": "object",
        "description": "A child to record. Give date_of_birth, or expected_date_of_birth for an unborn child, not both. Unknown properties are refused.",
        "required": ["given_name", "family_name", "sex", "team_id"],
        "properties": {
          "given_name": { "type": "string", "maxLength": 100 },
          "family_name": { "type": "string", "maxLength": 100 },
          "other_names": { "type": ["string", "null"], "maxLength": 200 },
          "date_of_birth": { "type": ["string", "null"], "format": "date", "description": "YYYY-MM-DD, today or in the past, within the last 25 years" },
          "expected_date_of_birth": { "type": ["string", "null"], "format": "date", "description": "YYYY-MM-DD, unborn children only, within the next 10 months" },
          "sex": { "type": "string", "enum": ["M", "F", "U"], "description": "Children in need census sex: U is not known" },
          "ethnicity": { "type": ["string", "null"], "description": "Children in need census ethnicity code, such as WBRI" },
          "disabilities": { "type": "array", "items": { "type": "string" }, "description": "Children in need census disability codes, such as NONE, MOB, HEAR" },
          "nhs_number": { "type": ["string", "null"], "description": "10 digits with a valid check digit" },
          "upn": { "type": ["string", "null"], "description": "Unique pupil number, 13 characters with a valid check letter" },
          "address": { "oneOf": [{ "$ref": "#/components/schemas/Address" }, { "type": "null" }] },
          "team_id": { "type": "string", "format": "uuid", "description": "The team responsible for the child" }
        },
        "additionalProperties": false
      },
      "ChildCreated": {
        "type": "object",
        "required": ["id", "hearth_id"],
        "properties": { "id": { "type": "string", "format": "uuid" }, "hearth_id": { "type": "string" } }
      },
      "Child": {
        "type": "object",
        "required": ["id", "hearth_id", "given_name", "family_name", "disabilities", "relationships", "addresses", "risk_flags"],
        "properties": {
          "id": { "type": "string", "format": "uuid" },
          "hearth_id": { "type": "string" },
          "given_name": { "type": "string" },
          "family_name": { "type": "string" },
          "other_names": { "type": ["string", "null"] },
          "date_of_birth": { "type": ["string", "null"], "format": "date" },
          "expected_date_of_birth": { "type": ["string", "null"], "format": "date" },
          "date_of_death": { "type": ["string", "null"], "format": "date" },
          "sex": { "type": ["string", "null"], "enum": ["M", "F", "U", null] },
          "ethnicity": { "type": ["string", "null"] },
          "disabilities": { "type": "array", "items": { "type": "string" } },
          "nhs_number": { "type": ["string", "null"] },
          "upn": { "type": ["string", "null"] },
          "address": { "type": ["string", "null"], "description": "The current address on one line" },
          "postcode": { "type": ["string", "null"] },
          "team": { "oneOf": [{ "$ref": "#/components/schemas/NamedRef" }, { "type": "null" }] },
          "worker": { "oneOf": [{ "$ref": "#/components/schemas/NamedRef" }, { "type": "null" }] },
          "allocated_from": { "type": ["string", "null"], "format": "date" },
          "risk_flags": {
            "type": "array",
            "description": "Active risk flags",
            "items": {
              "type": "object",
              "properties": {
                "flag": { "type": "string" },
                "label": { "type": "string" },
                "identified_on": { "type": "string", "format": "date" },
                "evidence": { "type": "string" }
              }
            }
          },
          "relationships": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "person_id": { "type": "string", "format": "uuid" },
                "name": { "type": "string" },
                "hearth_id": { "type": ["string", "null"] },
                "is_child": { "type": "boolean" },
                "kind": { "type": "string" },
                "inverse": { "type": "boolean", "description": "True when this child is the related person's `kind`" },
                "lives_with": { "type": "boolean" },
                "parental_responsibility": { "type": "boolean" }
              }
            }
          },
          "addresses": {
            "type": "array",
            "items": { "type": "object", "properties": { "from": { "type": "string", "format": "date" }, "address": { "type": "string" } } }
          }
        }
      },
      "NamedRef": {
        "type": "object",
        "required": ["id"],
        "properties": { "id": { "type": "string", "format": "uuid" }, "name": { "type": ["string", "null"] } }
      },
      "ChronologyCategory": {
        "type": "string",
        "enum": ["contact", "referral", "assessment", "cin_plan", "child_protection", "visit", "proceedings", "care", "early_help", "significant_event", "risk_flag", "allocation", "personal_details", "family", "correction"]
      },
      "ChronologyEntry": {
        "type": "object",
        "required": ["seq", "event_id", "type", "category", "occurred_at", "recorded_at", "recorded_by", "summary", "payload", "corrected"],
        "properties": {
          "seq": { "type": "integer", "description": "The event's place in Hearth's event log" },
          "event_id": { "type": "string", "format": "uuid" },
          "type": { "type": "string", "description": "The event type, such as ChildRecorded or SignificantEventRecorded" },
          "category": { "$ref": "#/components/schemas/ChronologyCategory" },
          "occurred_at": { "type": "string", "format": "date-time", "description": "When it happened in practice" },
          "recorded_at": { "type": "string", "format": "date-time", "description": "When it was recorded in Hearth" },
          "recorded_by": { "type": "string", "description": "The name of the person who recorded it" },
          "recorded_by_id": { "type": "string", "format": "uuid" },
          "summary": { "type": "string" },
          "payload": { "type": "object", "description": "The event as recorded; its shape depends on `type`" },
          "corrected": { "type": "boolean", "description": "True when a later correction replaced this entry" },
          "corrected_by_seq": { "type": ["integer", "null"] },
          "corrects": { "type": ["string", "null"], "format": "uuid", "description": "For a correction, the event it corrects" }
        }
      },
      "Chronology": {
        "type": "object",
        "required": ["child_id", "entries"],
        "properties": {
          "child_id": { "type": "string", "format": "uuid" },
          "category": { "oneOf": [{ "$ref": "#/components/schemas/ChronologyCategory" }, { "type": "null" }] },
          "entries": { "type": "array", "items": { "$ref": "#/components/schemas/ChronologyEntry" } }
        }
      },
      "NewSignificantEvent": {
        "type": "object",
        "required": ["occurred_on", "title", "what_happened", "analysis"],
        "properties": {
          "occurred_on": { "type": "string", "format": "date", "description": "YYYY-MM-DD, today or in the past" },
          "title": { "type": "string", "maxLength": 120 },
          "what_happened": { "type": "string", "maxLength": 10000, "description": "The facts: who, what, where, and how you know" },
          "analysis": { "type": "string", "minLength": 20, "maxLength": 10000, "description": "What this means for the child's safety and needs" }
        },
        "additionalProperties": false
      },
      "ChildProceedings": {
        "type": "object",
        "required": ["pre_proceedings", "proceedings"],
        "properties": {
          "pre_proceedings": { "type": "array", "items": { "$ref": "#/components/schemas/PreProceedings" } },
          "proceedings": { "type": "array", "items": { "$ref": "#/components/schemas/Proceedings" } }
        }
      },
      "PreProceedingsList": {
        "type": "object",
        "required": ["limit", "children"],
        "properties": {
          "limit": { "type": "string", "description": "The local limit as it reads, e.g. \"16 weeks\"" },
          "children": { "type": "array", "items": { "$ref": "#/components/schemas/PreProceedings" } }
        }
      },
      "PreProceedings": {
        "type": "object",
        "required": ["pre_proceedings_id", "child_id", "hearth_id", "name", "legal_planning_meeting_on", "started_on", "concerns", "weeks_elapsed", "limit_ends_on", "over_limit", "review_count", "detail", "late_reason"],
        "properties": {
          "pre_proceedings_id": { "type": "string", "format": "uuid" },
          "child_id": { "type": "string", "format": "uuid" },
          "hearth_id": { "type": "string" },
          "name": { "type": "string" },
          "team": { "type": ["string", "null"] },
          "worker": { "type": ["string", "null"] },
          "legal_planning_meeting_on": { "type": "string", "format": "date" },
          "started_on": { "type": "string", "format": "date", "description": "The letter before proceedings or the pre-proceedings meeting" },
          "concerns": { "type": "string" },
          "weeks_elapsed": { "type": "integer", "description": "Whole weeks from the start to today, or to the end" },
          "limit_ends_on": { "type": "string", "format": "date", "description": "The last day within the local limit" },
          "over_limit": { "type": "boolean" },
          "last_review_on": { "type": ["string", "null"], "format": "date" },
          "review_count": { "type": "integer" },
          "next_review_due": { "type": ["string", "null"], "format": "date", "description": "Open pre-proceedings only" },
          "ended_on": { "type": ["string", "null"], "format": "date" },
          "outcome": { "type": ["string", "null"], "enum": ["stepped_down", "proceedings_issued", "other", null] },
          "detail": { "type": "string" },
          "late_reason": { "type": "string", "description": "Why they ran past the limit" },
          "reviews": {
            "type": "array",
            "description": "On a child's own list only",
            "items": {
              "type": "object",
              "required": ["review_id", "reviewed_on", "progress", "late_reason"],
              "properties": {
                "review_id": { "type": "string", "format": "uuid" },
                "reviewed_on": { "type": "string", "format": "date" },
                "progress": { "type": "string" },
                "late_reason": { "type": "string" }
              }
            }
          }
        }
      },
      "Proceedings": {
        "type": "object",
        "required": ["proceedings_id", "issued_on", "application", "court", "weeks_since_issue", "limit_ends_on", "over_limit", "late_reason"],
        "properties": {
          "proceedings_id": { "type": "string", "format": "uuid" },
          "pre_proceedings_id": { "type": ["string", "null"], "format": "uuid" },
          "issued_on": { "type": "string", "format": "date" },
          "application": { "type": "string", "enum": ["care_order", "supervision_order", "placement_order"] },
          "court": { "type": "string" },
          "weeks_since_issue": { "type": "integer" },
          "limit_ends_on": { "type": "string", "format": "date", "description": "The last day of the 26 weeks beginning with the day of issue" },
          "over_limit": { "type": "boolean" },
          "concluded_on": { "type": ["string", "null"], "format": "date" },
          "outcome": { "type": ["string", "null"], "enum": ["care_order", "supervision_order", "special_guardianship_order", "child_arrangements_order", "placement_order", "no_order", "withdrawn", null] },
          "late_reason": { "type": "string", "description": "Why the case took more than 26 weeks" }
        }
      },
      "EarlyHelpWaitingList": {
        "type": "object",
        "required": ["keeping_in_touch_every_working_days", "children"],
        "properties": {
          "keeping_in_touch_every_working_days": { "type": "integer", "description": "The authority's keeping-in-touch interval" },
          "children": { "type": "array", "items": { "$ref": "#/components/schemas/EarlyHelpWaitingChild" } }
        }
      },
      "EarlyHelpWaitingChild": {
        "type": "object",
        "required": ["episode_id", "child_id", "hearth_id", "name", "route", "referred_on", "days_waiting", "kept_in_touch_count", "keeping_in_touch_due", "keeping_in_touch_overdue"],
        "properties": {
          "episode_id": { "type": "string", "format": "uuid" },
          "child_id": { "type": "string", "format": "uuid" },
          "hearth_id": { "type": "string" },
          "name": { "type": "string" },
          "route": { "$ref": "#/components/schemas/EarlyHelpRoute" },
          "requested_by": { "type": ["string", "null"], "description": "The partner agency, for a partner's request" },
          "contact_id": { "type": ["string", "null"], "format": "uuid", "description": "The contact stepped down from, for a step-down from the MASH" },
          "referred_on": { "type": "string", "format": "date" },
          "days_waiting": { "type": "integer" },
          "kept_in_touch_count": { "type": "integer" },
          "last_kept_in_touch_on": { "type": ["string", "null"], "format": "date", "description": "The last attempt, answered or not" },
          "last_reached_on": { "type": ["string", "null"], "format": "date", "description": "The last contact that reached the family" },
          "keeping_in_touch_due": { "type": "string", "format": "date" },
          "keeping_in_touch_overdue": { "type": "boolean" }
        }
      },
      "EarlyHelpRoute": { "type": "string", "enum": ["step_down_from_contact", "step_down_from_child_in_need", "partner_request"], "description": "How the child came to early help. `step_down_from_contact` is recorded only by authorising a contact's early help decision." },
      "EarlyHelpReferral": {
        "type": "object",
        "required": ["child_id", "route", "reason", "referred_on"],
        "additionalProperties": false,
        "properties": {
          "child_id": { "type": "string", "format": "uuid" },
          "route": { "type": "string", "enum": ["step_down_from_child_in_need", "partner_request"], "description": "A step-down from children in need names the child's latest children-in-need episode" },
          "requested_by": { "type": "string", "maxLength": 200, "description": "Required for partner_request: the partner agency" },
          "reason": { "type": "string", "maxLength": 5000 },
          "referred_on": { "type": "string", "format": "date" }
        }
      },
      "EarlyHelpEpisodeCreated": {
        "type": "object",
        "required": ["episode_id", "status"],
        "properties": { "episode_id": { "type": "string", "format": "uuid" }, "status": { "type": "string", "enum": ["waiting"] } }
      },
      "KeepingInTouchMethod": { "type": "string", "enum": ["phone_call", "home_visit", "text_or_email", "letter", "no_reply"], "description": "`no_reply`: tried and did not reach the family; recorded, but the next contact stays due." },
      "KeepingInTouch": {
        "type": "object",
        "required": ["contacted_on", "method", "note"],
        "additionalProperties": false,
        "properties": {
          "contacted_on": { "type": "string", "format": "date" },
          "method": { "$ref": "#/components/schemas/KeepingInTouchMethod" },
          "spoke_with": { "type": "string", "maxLength": 200, "description": "Required unless method is no_reply" },
          "note": { "type": "string", "maxLength": 5000, "description": "What was said and whether the risk has changed" }
        }
      },
      "KeptInTouch": {
        "type": "object",
        "required": ["episode_id", "kept_in_touch_count", "keeping_in_touch_due"],
        "properties": {
          "episode_id": { "type": "string", "format": "uuid" },
          "kept_in_touch_count": { "type": "integer" },
          "last_reached_on": { "type": ["string", "null"], "format": "date" },
          "keeping_in_touch_due": { "type": "string", "format": "date" }
        }
      },
      "StepUp": {
        "type": "object",
        "required": ["reason", "rag"],
        "additionalProperties": false,
        "properties": {
          "reason": { "type": "string", "maxLength": 5000, "description": "Why the child needs children's social care now; the new contact's concern" },
          "rag": { "$ref": "#/components/schemas/Rag" }
        }
      },
      "SteppedUp": {
        "type": "object",
        "required": ["episode_id", "status", "contact_id"],
        "properties": {
          "episode_id": { "type": "string", "format": "uuid" },
          "status": { "type": "string", "enum": ["stepped_up"] },
          "contact_id": { "type": "string", "format": "uuid", "description": "The new contact on the MASH queue" }
        }
      },
      "Rag": { "type": "string", "enum": ["red", "amber", "green"], "description": "Red: the child may be at immediate risk. Amber: a concern that needs a decision soon. Green: no immediate risk." },
      "ContactStatusCode": { "type": "string", "enum": ["open", "awaiting_authorisation", "closed"] },
      "Agency": { "type": "string", "enum": ["police", "health", "education", "probation", "housing", "other_la", "other"], "description": "`other_la`: another local authority" },
      "ContactOutcome": { "type": "string", "enum": ["nfa", "information_and_advice", "early_help", "referral", "strategy_discussion", "already_open"], "description": "`nfa`: no further action; `referral`: referral to children's social care for assessment; `already_open`: the child has an open case and the contact is added to it" },
      "ThresholdLevel": { "type": "string", "enum": ["1", "2", "3", "4"], "description": "The level of need in the authority's threshold document: 1 universal, 2 early help, 3 targeted (child in need), 4 specialist or statutory (child protection). Level 1 fits nfa, information_and_advice, already_open; 2 fits those and early_help; 3 fits referral, early_help, already_open; 4 fits referral, strategy_discussion, already_open." },
      "ConsentStatus": { "type": "string", "enum": ["given", "refused", "dispensed_with", "not_required"], "description": "`dispensed_with`: not sought, because seeking it would put the child at risk" },
      "ContactChild": {
        "type": "object",
        "required": ["id", "hearth_id", "name"],
        "properties": { "id": { "type": "string", "format": "uuid" }, "hearth_id": { "type": "string" }, "name": { "type": "string" } }
      },
      "QueueContact": {
        "type": "object",
        "required": ["id", "received_at", "source", "rag", "screen_by", "overdue", "status", "assigned_to", "chain_start_id", "chain_started_at", "children"],
        "properties": {
          "id": { "type": "string", "format": "uuid" },
          "received_at": { "type": "string", "format": "date-time" },
          "source": { "type": "string", "description": "Children in need census referral source code" },
          "rag": { "oneOf": [{ "$ref": "#/components/schemas/Rag" }, { "type": "null" }] },
          "screen_by": { "type": ["string", "null"], "format": "date-time", "description": "When it must be screened by; null until rated" },
          "overdue": { "type": "boolean", "description": "True when screen_by has passed" },
          "status": { "$ref": "#/components/schemas/ContactStatusCode" },
          "assigned_to": { "type": ["string", "null"], "description": "The name of the worker screening it" },
          "chain_start_id": { "type": "string", "format": "uuid", "description": "The first contact of its chain; its own id when it starts one" },
          "chain_started_at": { "type": "string", "format": "date-time", "description": "When the chain's first contact was received: timeliness is measured from here" },
          "children": { "type": "array", "items": { "$ref": "#/components/schemas/ContactChild" } }
        }
      },
      "MashQueue": {
        "type": "object",
        "required": ["contacts"],
        "properties": { "contacts": { "type": "array", "items": { "$ref": "#/components/schemas/QueueContact" } } }
      },
      "NewContact": {
        "type": "object",
        "description": "A contact to record. Unknown properties are refused.",
        "required": ["children", "received_at", "source", "concern", "rag"],
        "properties": {
          "children": { "type": "array", "minItems": 1, "maxItems": 50, "items": { "type": "string" }, "description": "Each child's Hearth ID (such as H0004217) or id. Find or add each child first." },
          "received_at": { "type": "string", "format": "date-time", "description": "RFC 3339, not in the future" },
          "source": { "type": "string", "description": "Who made the contact: a children in need census referral source code, such as 1A, 2A, 3A, 6 (police) or 10 (unknown)" },
          "concern": { "type": "string", "maxLength": 20000, "description": "In the referrer's words where possible" },
          "referrer_name": { "type": ["string", "null"], "maxLength": 200 },
          "referrer_organisation": { "type": ["string", "null"], "maxLength": 200 },
          "rag": { "$ref": "#/components/schemas/Rag" }
        },
        "additionalProperties": false
      },
      "ContactCreated": {
        "type": "object",
        "required": ["id", "screen_by", "chain_start_id", "chain_started_at"],
        "properties": {
          "id": { "type": "string", "format": "uuid" },
          "screen_by": { "type": "string", "format": "date-time" },
          "chain_start_id": { "type": "string", "format": "uuid", "description": "The first contact of the chain this one joins, or its own id" },
          "chain_started_at": { "type": "string", "format": "date-time" }
        }
      },
      "Check": {
        "type": "object",
        "required": ["id", "agency", "question", "owner_id", "requested_at", "due_at", "state"],
        "properties": {
          "id": { "type": "string", "format": "uuid" },
          "agency": { "$ref": "#/components/schemas/Agency" },
          "agency_detail": { "type": ["string", "null"] },
          "question": { "type": "string" },
          "owner_id": { "type": "string", "format": "uuid" },
          "requested_at": { "type": "string", "format": "date-time" },
          "due_at": { "type": "string", "format": "date-time" },
          "state": { "type": "string", "enum": ["requested", "completed", "not_completed"] },
          "note": { "type": ["string", "null"], "description": "What the agency said, or why the check was not done" },
          "resolved_at": { "type": ["string", "null"], "format": "date-time" }
        }
      },
      "Consent": {
        "type": "object",
        "required": ["status"],
        "properties": {
          "status": { "$ref": "#/components/schemas/ConsentStatus" },
          "rationale": { "type": ["string", "null"], "maxLength": 5000, "description": "Who gave or refused consent, or why it was not sought. Required for refused; at least 20 characters for dispensed_with." },
          "agreed_by": { "type": ["string", "null"], "format": "uuid", "description": "The manager who agreed to go ahead without consent. Required for dispensed_with." }
        },
        "additionalProperties": false
      },
      "Decision": {
        "type": "object",
        "required": ["id", "state", "outcome", "threshold", "rationale", "consent", "proposed_by", "proposed_at"],
        "properties": {
          "id": { "type": "string", "format": "uuid" },
          "state": { "type": "string", "enum": ["proposed", "authorised", "returned"] },
          "outcome": { "$ref": "#/components/schemas/ContactOutcome" },
          "threshold": { "$ref": "#/components/schemas/ThresholdLevel" },
          "rationale": { "type": "string" },
          "consent": { "$ref": "#/components/schemas/Consent" },
          "proposed_by": { "type": "string", "format": "uuid" },
          "proposed_at": { "type": "string", "format": "date-time" },
          "decided_by": { "type": ["string", "null"], "format": "uuid", "description": "The manager who authorised or returned it" },
          "decided_at": { "type": ["string", "null"], "format": "date-time" },
          "manager_note": { "type": ["string", "null"] },
          "return_reason": { "type": ["string", "null"] }
        }
      },
      "ContactHistoryItem": {
        "type": "object",
        "required": ["id", "received_at", "source", "status", "child_name"],
        "properties": {
          "id": { "type": "string", "format": "uuid" },
          "received_at": { "type": "string", "format": "date-time" },
          "source": { "type": "string" },
          "status": { "$ref": "#/components/schemas/ContactStatusCode" },
          "outcome": { "oneOf": [{ "$ref": "#/components/schemas/ContactOutcome" }, { "type": "null" }], "description": "Set once the contact is closed" },
          "child_name": { "type": "string" }
        }
      },
      "Contact": {
        "type": "object",
        "required": ["id", "received_at", "source", "concern", "overdue", "status", "chain_start_id", "chain_started_at", "children", "checks", "decisions", "history"],
        "properties": {
          "id": { "type": "string", "format": "uuid" },
          "received_at": { "type": "string", "format": "date-time" },
          "source": { "type": "string", "description": "Children in need census referral source code" },
          "referrer_name": { "type": ["string", "null"] },
          "referrer_organisation": { "type": ["string", "null"] },
          "concern": { "type": "string" },
          "rag": { "oneOf": [{ "$ref": "#/components/schemas/Rag" }, { "type": "null" }] },
          "screen_by": { "type": ["string", "null"], "format": "date-time" },
          "overdue": { "type": "boolean", "description": "Open past screen_by, or closed after it" },
          "status": { "$ref": "#/components/schemas/ContactStatusCode" },
          "outcome": { "oneOf": [{ "$ref": "#/components/schemas/ContactOutcome" }, { "type": "null" }] },
          "closed_at": { "type": ["string", "null"], "format": "date-time" },
          "chain_start_id": { "type": "string", "format": "uuid" },
          "chain_started_at": { "type": "string", "format": "date-time" },
          "assigned_to_id": { "type": ["string", "null"], "format": "uuid" },
          "assigned_to": { "type": ["string", "null"], "description": "The name of the worker screening it" },
          "children": { "type": "array", "items": { "$ref": "#/components/schemas/ContactChild" } },
          "checks": { "type": "array", "items": { "$ref": "#/components/schemas/Check" } },
          "decisions": { "type": "array", "items": { "$ref": "#/components/schemas/Decision" }, "description": "Oldest first; at most one is `proposed`" },
          "history": { "type": "array", "items": { "$ref": "#/components/schemas/ContactHistoryItem" }, "description": "The other contacts about any of these children, newest first" }
        }
      },
      "ContactStatus": {
        "type": "object",
        "description": "Where the contact stands after the change",
        "required": ["id", "status", "overdue"],
        "properties": {
          "id": { "type": "string", "format": "uuid" },
          "status": { "$ref": "#/components/schemas/ContactStatusCode" },
          "rag": { "oneOf": [{ "$ref": "#/components/schemas/Rag" }, { "type": "null" }] },
          "screen_by": { "type": ["string", "null"], "format": "date-time" },
          "overdue": { "type": "boolean" },
          "outcome": { "oneOf": [{ "$ref": "#/components/schemas/ContactOutcome" }, { "type": "null" }] },
          "closed_at": { "type": ["string", "null"], "format": "date-time" }
        }
      },
      "ContactRating": {
        "type": "object",
        "required": ["rag"],
        "properties": { "rag": { "$ref": "#/components/schemas/Rag" } },
        "additionalProperties": false
      },
      "ContactAssignment": {
        "type": "object",
        "required": ["worker_id"],
        "properties": { "worker_id": { "type": "string", "format": "uuid", "description": "An active MASH worker or manager" } },
        "additionalProperties": false
      },
      "NewCheck": {
        "type": "object",
        "required": ["agency", "question", "due_at"],
        "properties": {
          "agency": { "$ref": "#/components/schemas/Agency" },
          "agency_detail": { "type": ["string", "null"], "maxLength": 200, "description": "Which team or service, such as the GP surgery or the other authority" },
          "question": { "type": "string", "maxLength": 2000, "description": "What the agency is asked" },
          "due_at": { "type": "string", "format": "date-time", "description": "RFC 3339, in the future" }
        },
        "additionalProperties": false
      },
      "CheckCreated": {
        "type": "object",
        "required": ["check_id"],
        "properties": { "check_id": { "type": "string", "format": "uuid" } }
      },
      "CheckResult": {
        "type": "object",
        "required": ["completed", "note"],
        "properties": {
          "completed": { "type": "boolean", "description": "true: the agency answered; false: the check will not be done" },
          "note": { "type": "string", "description": "What the agency said (up to 10000 characters), or why the check was not done (up to 2000)" }
        },
        "additionalProperties": false
      },
      "NewDecision": {
        "type": "object",
        "required": ["outcome", "threshold", "rationale", "consent"],
        "properties": {
          "outcome": { "$ref": "#/components/schemas/ContactOutcome" },
          "threshold": { "$ref": "#/components/schemas/ThresholdLevel" },
          "rationale": { "type": "string", "minLength": 30, "maxLength": 10000, "description": "Why this decision, with reference to the child's history" },
          "consent": { "$ref": "#/components/schemas/Consent" }
        },
        "additionalProperties": false
      },
      "DecisionCreated": {
        "type": "object",
        "required": ["decision_id"],
        "properties": { "decision_id": { "type": "string", "format": "uuid" } }
      },
      "DecisionAuthorisation": {
        "type": "object",
        "properties": { "manager_note": { "type": ["string", "null"], "maxLength": 5000 } },
        "additionalProperties": false
      },
      "DecisionReturn": {
        "type": "object",
        "required": ["reason"],
        "properties": { "reason": { "type": "string", "maxLength": 5000, "description": "Why the decision is returned" } },
        "additionalProperties": false
      },
      "EventCreated": {
        "type": "object",
        "required": ["event_id", "seq"],
        "properties": { "event_id": { "type": "string", "format": "uuid" }, "seq": { "type": "integer" } }
      }
    }
  }
}"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_parses_and_lists_every_path_and_error_code() {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI).expect("the OpenAPI document is JSON");
        assert_eq!(doc["openapi"], "3.1.0");
        let paths = doc["paths"].as_object().expect("paths");
        for p in ["/session", "/children", "/children/{id}", "/children/{id}/chronology", "/children/{id}/significant-events", "/children/{id}/risk-flags", "/children/{id}/risk-flags/{flag}/removal", "/openapi.json",
            "/front-door/queue", "/front-door/contacts", "/front-door/contacts/{id}", "/front-door/contacts/{id}/rating",
            "/front-door/contacts/{id}/assignment", "/front-door/contacts/{id}/checks", "/front-door/contacts/{id}/checks/{check_id}",
            "/front-door/contacts/{id}/decisions", "/front-door/contacts/{id}/decisions/{decision_id}/authorisation",
            "/front-door/contacts/{id}/decisions/{decision_id}/return",
            "/front-door/out-of-hours", "/front-door/out-of-hours/{id}/acknowledgement", "/front-door/escalations",
            "/children/{id}/referrals/{referral_id}/primary-need", "/front-door/rota", "/front-door/rota/{team_id}/{date}",
            "/front-door/contacts/{id}/escalations", "/front-door/contacts/{id}/escalations/{escalation_id}/resolution",
            "/early-help/waiting-list", "/early-help/referrals", "/early-help/episodes/{id}/keeping-in-touch", "/early-help/episodes/{id}/step-up",
            "/children/{id}/cp-plans", "/children/{id}/actions", "/actions/{id}/complete"] {
            assert!(paths.contains_key(p), "{p} is described");
        }
        let codes: Vec<&str> = doc["components"]["schemas"]["ErrorCode"]["enum"]
            .as_array()
            .expect("error codes")
            .iter()
            .filter_map(|c| c.as_str())
            .collect();
        assert_eq!(codes, ERROR_CODES);
        // Every $ref points at something the document defines.
        let text = OPENAPI;
        for (i, _) in text.match_indices("\"$ref\": \"#/") {
            let rest = &text[i + 11..];
            let end = rest.find('"').expect("ref ends");
            let mut node = &doc;
            for part in rest[..end].split('/') {
                node = &node[part];
            }
            assert!(!node.is_null(), "{} resolves", &rest[..end]);
        }
        // The categories listed are the domain's.
        let cats: Vec<&str> = doc["components"]["schemas"]["ChronologyCategory"]["enum"].as_array().expect("categories").iter().filter_map(|c| c.as_str()).collect();
        let domain: Vec<&str> = hearth_domain::events::ChronologyCategory::ALL.iter().map(|c| c.code()).collect();
        assert_eq!(cats, domain);
    }

    #[test]
    fn the_front_door_codes_listed_are_the_domains() {
        use hearth_domain::front_door::{Agency, ConsentStatus, ContactOutcome, Rag, ThresholdLevel};
        let doc: serde_json::Value = serde_json::from_str(OPENAPI).expect("the OpenAPI document is JSON");
        let listed = |name: &str| -> Vec<String> {
            doc["components"]["schemas"][name]["enum"].as_array().expect(name).iter().filter_map(|c| c.as_str().map(str::to_string)).collect()
        };
        let codes = |all: Vec<&'static str>| -> Vec<String> { all.into_iter().map(str::to_string).collect() };
        assert_eq!(listed("Rag"), codes(Rag::ALL.iter().map(|r| r.code()).collect()));
        assert_eq!(listed("Agency"), codes(Agency::ALL.iter().map(|a| a.code()).collect()));
        assert_eq!(listed("ContactOutcome"), codes(ContactOutcome::ALL.iter().map(|o| o.code()).collect()));
        assert_eq!(listed("ThresholdLevel"), codes(ThresholdLevel::ALL.iter().map(|t| t.code()).collect()));
        assert_eq!(listed("ConsentStatus"), codes(ConsentStatus::ALL.iter().map(|c| c.code()).collect()));
        use hearth_domain::early_help::{EarlyHelpRoute, KeepingInTouchMethod};
        assert_eq!(listed("EarlyHelpRoute"), codes(EarlyHelpRoute::ALL.iter().map(|r| r.code()).collect()));
        assert_eq!(listed("KeepingInTouchMethod"), codes(KeepingInTouchMethod::ALL.iter().map(|m| m.code()).collect()));
    }

    #[test]
    fn the_domestic_incident_review_is_described_with_the_domains_codes() {
        use hearth_domain::front_door::domestic_incidents::{ChildrenPresent, DashRisk, ReviewDecision};
        let doc: serde_json::Value = serde_json::from_str(OPENAPI).expect("the OpenAPI document is JSON");
        for p in ["/domestic-incidents", "/domestic-incidents/{id}/decision"] {
            assert!(doc["paths"].get(p).is_some(), "{p} is described");
        }
        let listed = |name: &str| -> Vec<String> {
            doc["components"]["schemas"][name]["enum"].as_array().expect(name).iter().filter_map(|c| c.as_str().map(str::to_string)).collect()
        };
        let codes = |all: Vec<&'static str>| -> Vec<String> { all.into_iter().map(str::to_string).collect() };
        assert_eq!(listed("ReviewDecision"), codes(ReviewDecision::ALL.iter().map(|d| d.code()).collect()));
        assert_eq!(listed("DashRisk"), codes(DashRisk::ALL.iter().map(|d| d.code()).collect()));
        assert_eq!(listed("ChildrenPresent"), codes(ChildrenPresent::ALL.iter().map(|d| d.code()).collect()));
    }
}
