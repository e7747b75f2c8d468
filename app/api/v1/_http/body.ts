/**
 * The JSON body of a write request, as an unknown value for the service's zod schema to judge.
 * Text that is not JSON is a 400 VALIDATION like any other bad input (../README.md "Errors").
 */
import { ValidationError } from "@/lib/services/errors";

/** Far above any body the API takes (a domain name, a label); a larger one is not a mistake worth parsing. */
const MAX_BODY_CHARS = 64_000;

/** An empty body reads as `{}`, so a POST whose fields are all optional needs none. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.length > MAX_BODY_CHARS) throw new ValidationError("The request body is too large", { body: "The request body is too large" });
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError("The request body is not valid JSON", { body: "The request body is not valid JSON" });
  }
}
