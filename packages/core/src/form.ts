/** Multipart bodies for uploads, as openapi-fetch's `bodySerializer` takes them. */

/**
 * A body serializer that sends the Blob in `field` as a `multipart/form-data` file part named
 * `filename`. Returning FormData lets fetch write the boundary.
 *
 * ```ts
 * client.POST('/upload', { body: { file }, bodySerializer: fileForm('file', 'video.mp4') });
 * ```
 */
export function fileForm<Field extends string>(
  field: Field,
  filename: string,
): (body: { [K in Field]: Blob }) => FormData {
  return (body) => {
    const form = new FormData();
    form.append(field, body[field], filename);
    return form;
  };
}
